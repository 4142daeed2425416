using System.Runtime.InteropServices;

namespace Sandboxer.Platforms.Processes.Native;

/// <summary>
/// The few glibc entry points the target runner needs (Linux x86_64/arm64). Functions that report failure through
/// <c>errno</c> set <see cref="LibraryImportAttribute.SetLastError"/>; read it with
/// <see cref="Marshal.GetLastPInvokeError"/>. The <c>posix_spawn*</c> family returns the error number instead.
/// </summary>
internal static unsafe partial class LibC
{
    private const string Library = "libc.so.6";

    public const int EINTR = 4;
    public const int ECHILD = 10;
    public const int ESRCH = 3;

    public const int WNOHANG = 1;

    public const int POLLIN = 0x001;

    public const int PR_SET_CHILD_SUBREAPER = 36;

    public const int O_RDONLY = 0;
    public const int O_WRONLY = 1;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;

    public const int F_GETFL = 3;
    public const int F_SETFL = 4;

    public const short POSIX_SPAWN_SETSIGDEF = 0x04;
    public const short POSIX_SPAWN_SETSIGMASK = 0x08;

    /// <summary>Generic syscall numbers, the same on every Linux architecture (the unified table from 424 on).</summary>
    public const long SYS_pidfd_send_signal = 424;
    public const long SYS_pidfd_open = 434;

    /// <summary>glibc's <c>posix_spawnattr_t</c> is 336 bytes and <c>posix_spawn_file_actions_t</c> 80 bytes on 64-bit targets; allocate generously.</summary>
    public const int SpawnStructureSize = 1024;

    /// <summary><c>sigset_t</c> is 128 bytes in glibc.</summary>
    public const int SignalSetSize = 128;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport(Library)]
    public static partial int posix_spawn(out int pid, byte* path, void* fileActions, void* attributes, byte** argv, byte** envp);

    [LibraryImport(Library)]
    public static partial int posix_spawnattr_init(void* attributes);

    [LibraryImport(Library)]
    public static partial int posix_spawnattr_destroy(void* attributes);

    [LibraryImport(Library)]
    public static partial int posix_spawnattr_setflags(void* attributes, short flags);

    [LibraryImport(Library)]
    public static partial int posix_spawnattr_setsigmask(void* attributes, void* signalSet);

    [LibraryImport(Library)]
    public static partial int posix_spawnattr_setsigdefault(void* attributes, void* signalSet);

    [LibraryImport(Library)]
    public static partial int posix_spawn_file_actions_init(void* fileActions);

    [LibraryImport(Library)]
    public static partial int posix_spawn_file_actions_destroy(void* fileActions);

    [LibraryImport(Library)]
    public static partial int posix_spawn_file_actions_adddup2(void* fileActions, int fd, int newFd);

    [LibraryImport(Library)]
    public static partial int posix_spawn_file_actions_addchdir_np(void* fileActions, byte* path);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int sigemptyset(void* signalSet);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int sigfillset(void* signalSet);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int waitpid(int pid, out int status, int options);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int kill(int pid, int signal);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [LibraryImport(Library, SetLastError = true)]
    public static partial long syscall(long number, long arg1, long arg2, long arg3, long arg4);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int pipe2(int* fds, int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint read(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint write(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int gettid();

    [LibraryImport(Library, SetLastError = true)]
    public static partial int getpgrp();

    [LibraryImport(Library, SetLastError = true)]
    public static partial int tcgetpgrp(int fd);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int mkfifo(byte* path, uint mode);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int open(byte* path, int flags, uint mode);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int fcntl(int fd, int command, int argument);

    [LibraryImport(Library, SetLastError = true)]
    public static partial uint geteuid();

    [LibraryImport(Library)]
    public static partial byte* strerror(int errorNumber);

    public static string ErrorText(int errorNumber) =>
        Marshal.PtrToStringUTF8((nint)strerror(errorNumber)) ?? "errno " + errorNumber;

    /// <summary>Exit code of a <c>waitpid</c> status the way shells report it: the code, or 128 + the signal.</summary>
    public static (int ExitCode, int? Signal) DecodeWaitStatus(int status)
    {
        var signal = status & 0x7f;
        if (signal == 0)
        {
            return ((status >> 8) & 0xff, null);
        }

        return (128 + signal, signal);
    }
}
