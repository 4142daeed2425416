using Sandboxer.Platforms.Processes.Native;

namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>
/// How strace is run (docs/linux-tracing.md explains each choice and its measured cost):
/// <c>strace -f -q -y -s 4096 --seccomp-bpf --strings-in-hex=non-ascii-chars -e signal=none -e trace=SET -o OUT --</c>.
/// </summary>
internal static class StraceInvocation
{
    /// <summary>
    /// The traced syscalls. <c>%file</c> covers every call that takes a path (open*, stat*, access, readlink*,
    /// mkdir*, unlink*, rename*, link*, symlink*, chmod/chown/utime*, *xattr, execve*, chdir, truncate, …). The rest
    /// take an fd, so <c>%file</c> misses them: directory listing, fd-based attribute and content changes,
    /// executable mappings, ioctl, process creation, signals, and the socket calls that carry an address or a
    /// socket's identity. Deliberately left out: mprotect (hot in JITs, rarely adds PROT_EXEC to a file mapping),
    /// read/write/close and recv*/get*/setsockopt (no access decision, high volume), wait4/exit (the
    /// <c>+++ exited +++</c> lines end a pid's life).
    /// </summary>
    public static readonly IReadOnlyList<string> TracedSyscalls =
    [
        "%file",
        "fchdir", "getdents", "getdents64",
        "fchmod", "fchown", "ftruncate", "fallocate",
        "fgetxattr", "flistxattr", "fsetxattr", "fremovexattr",
        "mmap", "ioctl",
        "fork", "vfork", "clone", "clone3",
        "kill", "tkill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo", "pidfd_open", "pidfd_send_signal",
        "socket", "bind", "listen", "connect", "accept", "accept4", "sendto", "sendmsg", "sendmmsg",
    ];

    /// <summary>strace's argv up to and including <c>--</c>; the program's argv follows.</summary>
    public static IReadOnlyList<string> Arguments(string strace, string output) =>
    [
        strace,
        "-f",
        "-q",
        "-y",
        "-s", "4096",
        "--seccomp-bpf",
        "--strings-in-hex=non-ascii-chars",
        "-e", "signal=none",
        "-e", "trace=" + string.Join(',', TracedSyscalls),
        "-o", output,
        "--",
    ];

    /// <summary>The strace on PATH, or null.</summary>
    public static string? Locate() => ExecutableLocator.Find("strace");

    /// <summary>The command that installs strace here (Debian/Ubuntu), with sudo unless running as root.</summary>
    public static string InstallCommand => LibC.geteuid() == 0 ? "apt-get install -y strace" : "sudo apt-get install -y strace";
}
