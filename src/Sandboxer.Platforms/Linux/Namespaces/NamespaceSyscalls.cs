using System.Runtime.InteropServices;

namespace Sandboxer.Platforms.Linux.Namespaces;

/// <summary>libc calls for network namespaces: <c>unshare</c>, <c>setns</c>, <c>geteuid</c>, and bringing <c>lo</c> up.</summary>
internal static unsafe partial class NamespaceSyscalls
{
    public const int CloneNewNet = 0x40000000;

    private const int AfInet = 2;
    private const int SockDgram = 2;
    private const int SockCloexec = 0x80000;
    private const ulong SiocGifFlags = 0x8913;
    private const ulong SiocSifFlags = 0x8914;
    private const short IffUp = 0x1;

    public static int Unshare(int flags) => UnshareNative(flags) == 0 ? 0 : Marshal.GetLastPInvokeError();

    public static int SetNamespace(int fd, int type) => SetnsNative(fd, type) == 0 ? 0 : Marshal.GetLastPInvokeError();

    public static bool IsRoot => GetEuid() == 0;

    /// <summary>Sets <c>IFF_UP</c> on the loopback interface of the calling thread's network namespace; returns the errno.</summary>
    public static int BringLoopbackUp()
    {
        var socket = SocketNative(AfInet, SockDgram | SockCloexec, 0);
        if (socket < 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        try
        {
            // struct ifreq: 16-byte name, then a union whose first member here is short ifr_flags; 40 bytes in all.
            var request = stackalloc byte[40];
            new Span<byte>(request, 40).Clear();
            "lo"u8.CopyTo(new Span<byte>(request, 16));
            if (Ioctl(socket, SiocGifFlags, request) != 0)
            {
                return Marshal.GetLastPInvokeError();
            }

            *(short*)(request + 16) |= IffUp;
            return Ioctl(socket, SiocSifFlags, request) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
        finally
        {
            _ = CloseNative(socket);
        }
    }

    [LibraryImport("libc", EntryPoint = "unshare", SetLastError = true)]
    private static partial int UnshareNative(int flags);

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetnsNative(int fd, int type);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int SocketNative(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(int fd, ulong request, byte* argument);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int CloseNative(int fd);
}
