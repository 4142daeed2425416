using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sandboxer.Platforms.Linux.Landlock.Native;

/// <summary>
/// The code that runs on the enforcing thread: join the network namespace, set no-new-privileges, restrict the
/// thread with <c>landlock_restrict_self</c>, take the program's name, then <c>posix_spawn</c> the target, which inherits the thread's domain
/// and namespace. Everything it touches was prepared beforehand in native memory (<see cref="SpawnBlock"/>), and it
/// calls libc through raw function pointers from a method that is never re-jitted
/// (<see cref="MethodImplOptions.AggressiveOptimization"/>) and never allocates: the runtime must not create a
/// thread (tier-up worker, background GC, thread pool) from a restricted thread, or that thread would inherit the
/// sandbox. <see cref="ThreadConfinementCheck"/> verifies it after every launch.
/// </summary>
internal static unsafe class RestrictedSpawnNative
{
    public const int StageNotRun = 0;
    public const int StageSetns = 1;
    public const int StageNoNewPrivs = 2;
    public const int StageRestrict = 3;
    public const int StageSpawn = 4;
    public const int StageDone = 5;

    private const long SysPrctl = 157;
    private const long SysGettid = 186;
    private const nint PrSetNoNewPrivs = 38;
    private const nint PrSetName = 15;
    private const int CloneNewNet = 0x40000000;

    private static readonly nint Libc = NativeLibrary.Load("libc.so.6");
    private static readonly delegate* unmanaged<long, nint, nint, nint, nint, nint, long> SyscallFn =
        (delegate* unmanaged<long, nint, nint, nint, nint, nint, long>)NativeLibrary.GetExport(Libc, "syscall");

    private static readonly delegate* unmanaged<int, int, int> SetnsFn =
        (delegate* unmanaged<int, int, int>)NativeLibrary.GetExport(Libc, "setns");

    private static readonly delegate* unmanaged<int*, byte*, void*, void*, byte**, byte**, int> PosixSpawnFn =
        (delegate* unmanaged<int*, byte*, void*, void*, byte**, byte**, int>)NativeLibrary.GetExport(Libc, "posix_spawn");

    private static readonly delegate* unmanaged<int*> ErrnoLocationFn =
        (delegate* unmanaged<int*>)NativeLibrary.GetExport(Libc, "__errno_location");

    /// <summary>Forces the function pointers to be resolved on the calling (unrestricted) thread.</summary>
    public static void EnsureResolved()
    {
        if (SyscallFn == null || SetnsFn == null || PosixSpawnFn == null || ErrnoLocationFn == null)
        {
            throw new InvalidOperationException("libc lacks syscall, setns, posix_spawn or __errno_location");
        }
    }

    /// <summary>The body of the enforcing thread. Results are written back into <paramref name="block"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void EnforceAndSpawn(SpawnBlock* block)
    {
        block->ThreadId = (int)SyscallFn(SysGettid, 0, 0, 0, 0, 0);
        if (block->NetNsFd >= 0 && SetnsFn(block->NetNsFd, CloneNewNet) != 0)
        {
            block->Errno = *ErrnoLocationFn();
            block->Stage = StageSetns;
            return;
        }

        if (SyscallFn(SysPrctl, PrSetNoNewPrivs, 1, 0, 0, 0) != 0)
        {
            block->Errno = *ErrnoLocationFn();
            block->Stage = StageNoNewPrivs;
            return;
        }

        if (SyscallFn(LandlockSyscalls.RestrictSelfNumber, block->RulesetFd, (nint)block->RestrictFlags, 0, 0, 0) != 0)
        {
            block->Errno = *ErrnoLocationFn();
            block->Stage = StageRestrict;
            return;
        }

        // The domain recorded the enforcing thread's name as its creator; the spawned child inherits the thread's name
        // until its exec succeeds, so a denied exec would otherwise be reported against the launcher's name.
        if (block->Comm != null)
        {
            SyscallFn(SysPrctl, PrSetName, (nint)block->Comm, 0, 0, 0);
        }

        var pid = 0;
        var result = PosixSpawnFn(&pid, block->Path, block->FileActions, block->Attributes, block->Argv, block->Envp);
        if (result != 0)
        {
            block->Errno = result;
            block->Stage = StageSpawn;
            return;
        }

        block->Pid = pid;
        block->Stage = StageDone;
    }

    /// <summary>Everything the enforcing thread needs, in native memory.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct SpawnBlock
    {
        public int RulesetFd;
        public uint RestrictFlags;
        public int NetNsFd;
        public int Pid;
        public int Stage;
        public int Errno;
        public int ThreadId;
        public byte* Path;
        public byte* Comm;
        public void* FileActions;
        public void* Attributes;
        public byte** Argv;
        public byte** Envp;
    }
}
