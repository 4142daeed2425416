using System.Runtime.InteropServices;

namespace Sandboxer.Platforms.Linux.Landlock.Native;

/// <summary>
/// glibc <c>posix_spawnattr_t</c> / <c>posix_spawn_file_actions_t</c> setup, done before the enforcing thread runs:
/// default dispositions for every signal (the .NET runtime ignores SIGPIPE, which exec would otherwise keep),
/// an empty signal mask, the working directory and the standard descriptors.
/// </summary>
internal static unsafe partial class SpawnAttributes
{
    private const short PosixSpawnSetSigDef = 0x04;
    private const short PosixSpawnSetSigMask = 0x08;

    // glibc: posix_spawnattr_t is 336 bytes, posix_spawn_file_actions_t 80, sigset_t 128 on x86_64. Over-allocate.
    private const int AttributesSize = 1024;
    private const int FileActionsSize = 512;
    private const int SigsetSize = 256;

    public static void* CreateAttributes()
    {
        var attributes = NativeMemory.AllocZeroed(AttributesSize);
        var all = NativeMemory.AllocZeroed(SigsetSize);
        var none = NativeMemory.AllocZeroed(SigsetSize);
        try
        {
            Check(PosixSpawnattrInit(attributes), "posix_spawnattr_init");
            Check(SigFillSet(all) == 0 ? 0 : Marshal.GetLastPInvokeError(), "sigfillset");
            Check(SigEmptySet(none) == 0 ? 0 : Marshal.GetLastPInvokeError(), "sigemptyset");
            Check(PosixSpawnattrSetSigDefault(attributes, all), "posix_spawnattr_setsigdefault");
            Check(PosixSpawnattrSetSigMask(attributes, none), "posix_spawnattr_setsigmask");
            Check(PosixSpawnattrSetFlags(attributes, PosixSpawnSetSigDef | PosixSpawnSetSigMask), "posix_spawnattr_setflags");
            return attributes;
        }
        catch
        {
            NativeMemory.Free(attributes);
            throw;
        }
        finally
        {
            NativeMemory.Free(all);
            NativeMemory.Free(none);
        }
    }

    public static void DestroyAttributes(void* attributes)
    {
        if (attributes != null)
        {
            _ = PosixSpawnattrDestroy(attributes);
            NativeMemory.Free(attributes);
        }
    }

    /// <summary>File actions: change directory, then dup the given descriptors onto 0, 1, 2 (-1 keeps the tool's own).</summary>
    public static void* CreateFileActions(byte* workingDirectory, int stdinFd, int stdoutFd, int stderrFd)
    {
        var actions = NativeMemory.AllocZeroed(FileActionsSize);
        try
        {
            Check(PosixSpawnFileActionsInit(actions), "posix_spawn_file_actions_init");
            if (workingDirectory != null)
            {
                Check(PosixSpawnFileActionsAddChdir(actions, workingDirectory), "posix_spawn_file_actions_addchdir_np");
            }

            AddDup(actions, stdinFd, 0);
            AddDup(actions, stdoutFd, 1);
            AddDup(actions, stderrFd, 2);
            return actions;
        }
        catch
        {
            DestroyFileActions(actions);
            throw;
        }
    }

    public static void DestroyFileActions(void* actions)
    {
        if (actions != null)
        {
            _ = PosixSpawnFileActionsDestroy(actions);
            NativeMemory.Free(actions);
        }
    }

    private static void AddDup(void* actions, int fd, int target)
    {
        if (fd >= 0)
        {
            Check(PosixSpawnFileActionsAddDup2(actions, fd, target), "posix_spawn_file_actions_adddup2");
        }
    }

    private static void Check(int result, string what)
    {
        if (result != 0)
        {
            throw new InvalidOperationException(what + " failed with " + ErrnoNames.Name(result));
        }
    }

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_init")]
    private static partial int PosixSpawnattrInit(void* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    private static partial int PosixSpawnattrDestroy(void* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    private static partial int PosixSpawnattrSetFlags(void* attributes, short flags);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    private static partial int PosixSpawnattrSetSigDefault(void* attributes, void* signals);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigmask")]
    private static partial int PosixSpawnattrSetSigMask(void* attributes, void* signals);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    private static partial int PosixSpawnFileActionsInit(void* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    private static partial int PosixSpawnFileActionsDestroy(void* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addchdir_np")]
    private static partial int PosixSpawnFileActionsAddChdir(void* actions, byte* path);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
    private static partial int PosixSpawnFileActionsAddDup2(void* actions, int fd, int newFd);

    [LibraryImport("libc", EntryPoint = "sigfillset", SetLastError = true)]
    private static partial int SigFillSet(void* set);

    [LibraryImport("libc", EntryPoint = "sigemptyset", SetLastError = true)]
    private static partial int SigEmptySet(void* set);
}
