using System.Runtime.InteropServices;
using Sandboxer.Platforms.Linux.Landlock.Native;

namespace Sandboxer.Platforms.Linux.Landlock.Audit;

/// <summary>
/// The kernel audit netlink socket (<c>NETLINK_AUDIT</c>): status get/set and record reception. Messages are one per
/// datagram; the audit subsystem's <c>nlmsg_len</c> excludes the 16-byte header, so a record's text is read from
/// offset 16 to the first NUL or the end of the datagram.
/// </summary>
internal static unsafe partial class AuditNetlink
{
    public const ushort AuditGet = 1000;
    public const ushort AuditSet = 1001;
    public const ushort NlmsgError = 2;

    /// <summary><c>AUDIT_TRUSTED_APP</c>: a user-space message the kernel logs like any record (needs CAP_AUDIT_WRITE).</summary>
    public const ushort TrustedApp = 1121;
    public const uint StatusEnabled = 0x1;
    public const uint StatusPid = 0x4;

    private const int AfNetlink = 16;
    private const int SockRaw = 3;
    private const int SockCloexec = 0x80000;
    private const int NetlinkAudit = 9;
    private const ushort NlmFRequest = 0x1;
    private const ushort NlmFAck = 0x4;
    private const int HeaderSize = 16;

    public static int Open(out int errno)
    {
        var fd = Socket(AfNetlink, SockRaw | SockCloexec, NetlinkAudit);
        errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        if (fd < 0)
        {
            return -1;
        }

        var address = stackalloc byte[12];
        new Span<byte>(address, 12).Clear();
        *(ushort*)address = AfNetlink;
        if (Bind(fd, address, 12) != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            FileDescriptors.Close(fd);
            return -1;
        }

        // A receive timeout lets the reader notice a stop request.
        var timeout = stackalloc long[2];
        timeout[0] = 0;
        timeout[1] = 50_000;
        _ = SetSockOpt(fd, 1 /* SOL_SOCKET */, 20 /* SO_RCVTIMEO */, timeout, 16);
        return fd;
    }

    /// <summary>Sends a request with a payload; returns the errno (0 on success).</summary>
    public static int Send(int fd, ushort type, ReadOnlySpan<byte> payload, uint sequence)
    {
        var length = HeaderSize + payload.Length;
        var buffer = stackalloc byte[length];
        *(uint*)buffer = (uint)length;
        *(ushort*)(buffer + 4) = type;
        *(ushort*)(buffer + 6) = NlmFRequest | NlmFAck;
        *(uint*)(buffer + 8) = sequence;
        *(uint*)(buffer + 12) = 0;
        payload.CopyTo(new Span<byte>(buffer + HeaderSize, payload.Length));
        var address = stackalloc byte[12];
        new Span<byte>(address, 12).Clear();
        *(ushort*)address = AfNetlink;
        return SendTo(fd, buffer, (nuint)length, 0, address, 12) < 0 ? Marshal.GetLastPInvokeError() : 0;
    }

    /// <summary>Receives one datagram; returns its length, 0 on timeout, or -1 with errno.</summary>
    public static int Receive(int fd, Span<byte> buffer, out int errno)
    {
        fixed (byte* pointer = buffer)
        {
            var received = Recv(fd, pointer, (nuint)buffer.Length, 0);
            if (received >= 0)
            {
                errno = 0;
                return (int)received;
            }

            errno = Marshal.GetLastPInvokeError();
            return errno is ErrnoNames.EAGAIN or ErrnoNames.EINTR ? 0 : -1;
        }
    }

    public static ushort MessageType(ReadOnlySpan<byte> datagram) => datagram.Length >= HeaderSize ? BitConverter.ToUInt16(datagram[4..]) : (ushort)0;

    public static uint MessageSequence(ReadOnlySpan<byte> datagram) => datagram.Length >= HeaderSize ? BitConverter.ToUInt32(datagram[8..]) : 0;

    public static ReadOnlySpan<byte> Payload(ReadOnlySpan<byte> datagram) => datagram.Length > HeaderSize ? datagram[HeaderSize..] : [];

    /// <summary>The errno of an <c>NLMSG_ERROR</c> acknowledgement (0 for a plain ACK).</summary>
    public static int AckErrno(ReadOnlySpan<byte> datagram) => -BitConverter.ToInt32(Payload(datagram));

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    private static partial int Bind(int fd, byte* address, int length);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    private static partial int SetSockOpt(int fd, int level, int name, void* value, int length);

    [LibraryImport("libc", EntryPoint = "sendto", SetLastError = true)]
    private static partial nint SendTo(int fd, byte* buffer, nuint length, int flags, byte* address, int addressLength);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static partial nint Recv(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "getpid")]
    internal static partial int GetPid();
}
