using System.Net;
using System.Net.Sockets;
using Sandboxer.Platforms.Linux.Landlock.Native;

namespace Sandboxer.Platforms.Linux.Namespaces;

/// <summary>
/// A new, anonymous network namespace holding only an up loopback interface. It lives as long as this object's
/// descriptor and the processes (and sockets) inside it; nothing is mounted under <c>/run/netns</c>, so nothing is left
/// behind. Namespaces are per thread: creating it, and creating sockets inside it, happens on short-lived dedicated
/// threads that switch in and back, so no runtime thread ever ends up inside.
/// Creating one needs <c>CAP_SYS_ADMIN</c> (root); see docs/linux-enforcement.md for the unprivileged design.
/// </summary>
internal sealed class NetworkNamespace : IDisposable
{
    private int _fd;

    private NetworkNamespace(int fd, long inode)
    {
        _fd = fd;
        Inode = inode;
    }

    /// <summary>The namespace descriptor, for <c>setns</c> by the enforcing thread.</summary>
    public int Fd => _fd >= 0 ? _fd : throw new ObjectDisposedException(nameof(NetworkNamespace));

    /// <summary>The namespace's inode number (as <c>/proc/PID/ns/net</c> shows it: <c>net:[INODE]</c>).</summary>
    public long Inode { get; }

    /// <summary>Why a namespace cannot be created here, or <see langword="null"/> when it can (root).</summary>
    public static string? UnavailableReason => NamespaceSyscalls.IsRoot
        ? null
        : "creating a network namespace needs root here (a multithreaded .NET process cannot enter a new user namespace)";

    public static NetworkNamespace Create()
    {
        int fd = -1, errno = 0;
        string? failure = null;
        RunOnFreshThread(() =>
        {
            errno = NamespaceSyscalls.Unshare(NamespaceSyscalls.CloneNewNet);
            if (errno != 0)
            {
                failure = "unshare(CLONE_NEWNET) failed with " + ErrnoNames.Name(errno);
                return;
            }

            fd = FileDescriptors.Open("/proc/thread-self/ns/net"u8, FileDescriptors.OCloexec, out errno);
            if (fd < 0)
            {
                failure = "cannot open /proc/thread-self/ns/net: " + ErrnoNames.Name(errno);
                return;
            }

            errno = NamespaceSyscalls.BringLoopbackUp();
            if (errno != 0)
            {
                failure = "cannot bring up lo in the new namespace: " + ErrnoNames.Name(errno);
            }
        }, enter: -1);

        if (failure is not null)
        {
            FileDescriptors.Close(fd);
            throw new InvalidOperationException(failure);
        }

        return new NetworkNamespace(fd, ReadInode(fd));
    }

    /// <summary>Creates a TCP listener bound to <paramref name="address"/>:<paramref name="port"/> inside the namespace.</summary>
    public Socket Listen(IPAddress address, int port)
    {
        ArgumentNullException.ThrowIfNull(address);
        Socket? socket = null;
        Exception? failure = null;
        RunOnFreshThread(() =>
        {
            try
            {
                socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                if (address.AddressFamily == AddressFamily.InterNetworkV6)
                {
                    socket.DualMode = false;
                }

                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                socket.Bind(new IPEndPoint(address, port));
                socket.Listen(64);
            }
            catch (SocketException exception)
            {
                socket?.Dispose();
                socket = null;
                failure = exception;
            }
        }, enter: Fd);

        return socket ?? throw new InvalidOperationException($"cannot listen on {address}:{port} inside the namespace", failure);
    }

    /// <summary>A TCP socket that belongs to the namespace (a socket stays in the namespace it was created in); connect it from any thread.</summary>
    public Socket CreateSocket(AddressFamily family)
    {
        Socket? socket = null;
        Exception? failure = null;
        RunOnFreshThread(() =>
        {
            try
            {
                socket = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
            }
            catch (SocketException exception)
            {
                failure = exception;
            }
        }, enter: Fd);

        return socket ?? throw new InvalidOperationException($"cannot create a {family} socket inside the namespace", failure);
    }

    public void Dispose() => FileDescriptors.Close(Interlocked.Exchange(ref _fd, -1));

    /// <summary>Runs <paramref name="action"/> on a new thread, inside the namespace <paramref name="enter"/> (or a new one when -1).</summary>
    private static void RunOnFreshThread(Action action, int enter)
    {
        Exception? escaped = null;
        var thread = new Thread(() =>
        {
            // The thread ends right after; it never returns to the host namespace, so nothing can run there by mistake.
            if (enter >= 0)
            {
                var errno = NamespaceSyscalls.SetNamespace(enter, NamespaceSyscalls.CloneNewNet);
                if (errno != 0)
                {
                    escaped = new InvalidOperationException("setns into the network namespace failed with " + ErrnoNames.Name(errno));
                    return;
                }
            }

            try
            {
                action();
            }
            catch (Exception exception) when (exception is InvalidOperationException or IOException)
            {
                escaped = exception;
            }
        }, 256 * 1024)
        {
            IsBackground = true,
            Name = "sbx-netns",
        };
        thread.Start();
        thread.Join();
        if (escaped is not null)
        {
            throw new InvalidOperationException(escaped.Message, escaped);
        }
    }

    private static long ReadInode(int fd)
    {
        var target = new FileInfo("/proc/self/fd/" + fd.ToString(System.Globalization.CultureInfo.InvariantCulture)).LinkTarget ?? string.Empty;
        var open = target.IndexOf('[', StringComparison.Ordinal);
        var close = target.IndexOf(']', StringComparison.Ordinal);
        return open >= 0 && close > open && long.TryParse(target.AsSpan(open + 1, close - open - 1), out var inode) ? inode : 0;
    }

    /// <summary>Inodes of every network namespace some process on the machine is in (for leak checks).</summary>
    public static IReadOnlySet<long> InodesInUse()
    {
        var result = new HashSet<long>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!char.IsAsciiDigit(Path.GetFileName(directory)[0]))
            {
                continue;
            }

            try
            {
                var target = new FileInfo(Path.Combine(directory, "ns", "net")).LinkTarget;
                var text = target ?? string.Empty;
                var open = text.IndexOf('[', StringComparison.Ordinal);
                if (open >= 0 && long.TryParse(text.AsSpan(open + 1, text.Length - open - 2), out var inode))
                {
                    result.Add(inode);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return result;
    }
}
