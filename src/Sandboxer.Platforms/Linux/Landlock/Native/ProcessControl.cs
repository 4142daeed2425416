using System.Runtime.InteropServices;

namespace Sandboxer.Platforms.Linux.Landlock.Native;

/// <summary>libc process calls the launcher needs: <c>waitpid</c>, <c>kill</c>, <c>prctl(PR_SET_CHILD_SUBREAPER)</c>.</summary>
internal static partial class ProcessControl
{
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigInt = 2;

    /// <summary>Blocks until <paramref name="pid"/> (a child of this process) ends; returns its raw wait status.</summary>
    public static int WaitForExit(int pid)
    {
        while (true)
        {
            var result = WaitPid(pid, out var status, 0);
            if (result == pid)
            {
                return status;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (result < 0 && errno != ErrnoNames.EINTR)
            {
                throw new InvalidOperationException("waitpid failed with " + ErrnoNames.Name(errno));
            }
        }
    }

    /// <summary>Reaps <paramref name="pid"/> if it has ended; true when it was reaped (or is not our child).</summary>
    public static bool TryReap(int pid)
    {
        var result = WaitPid(pid, out _, 1 /* WNOHANG */);
        return result == pid || (result < 0 && Marshal.GetLastPInvokeError() == ErrnoNames.ECHILD);
    }

    /// <summary>The shell convention: the exit code, or 128 + the signal that killed it.</summary>
    public static int ToExitCode(int status)
    {
        var signal = status & 0x7f;
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal;
    }

    public static bool Signal(int pid, int signal) => Kill(pid, signal) == 0;

    /// <summary>Makes this process adopt orphaned descendants, so a daemonizing target cannot escape the cleanup.</summary>
    public static void BecomeSubreaper()
    {
        const int PrSetChildSubreaper = 36;
        _ = Prctl(PrSetChildSubreaper, 1, 0, 0, 0);
    }

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static partial int WaitPid(int pid, out int status, int options);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int Prctl(int option, nuint argument2, nuint argument3, nuint argument4, nuint argument5);
}
