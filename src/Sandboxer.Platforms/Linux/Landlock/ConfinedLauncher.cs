using System.Runtime.InteropServices;
using System.Text;
using Sandboxer.Diagnostics;
using Sandboxer.Events;
using Sandboxer.Platforms.Linux.Landlock.Native;

namespace Sandboxer.Platforms.Linux.Landlock;

/// <summary>
/// Starts a program confined by a <see cref="LandlockPlan"/> while the tool itself stays unrestricted. A Landlock
/// domain belongs to the thread that calls <c>landlock_restrict_self</c> and is inherited by whatever it creates, so
/// a fresh dedicated thread (never a pool thread) joins the optional network namespace, restricts itself and
/// <c>posix_spawn</c>s the target, then ends. See docs/linux-enforcement.md for why this technique and how it is
/// pinned by tests.
/// </summary>
internal static class ConfinedLauncher
{
    private static readonly Lock SubreaperLock = new();

    /// <summary>
    /// Held while an enforcing thread lives and while the tool's threads are checked, so the check never mistakes
    /// another launch's (legitimately restricted, about to exit) enforcing thread for contamination.
    /// </summary>
    private static readonly Lock EnforcingLock = new();
    private static bool _subreaper;

    private static int _runCounter;

    /// <summary>Environment variable marking every process of one confined launch, so leftovers can be told apart.</summary>
    public const string RunMarkerVariable = "SANDBOXER_CONFINED";

    /// <summary>Starts <paramref name="request"/> under <paramref name="plan"/>; throws <see cref="LandlockUnavailableException"/> without Landlock.</summary>
    public static ConfinedProcess Launch(LandlockPlan plan, SpawnRequest request, LaunchOptions? options = null, LandlockSupport? support = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var marker = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Environment.ProcessId}-{Interlocked.Increment(ref _runCounter)}");
        var environment = new Dictionary<string, string>(request.Environment, StringComparer.Ordinal) { [RunMarkerVariable] = marker };
        var marked = request with { Environment = environment };
        var spawn = Spawn(plan, marked, options, support);
        return new ConfinedProcess(spawn.Pid, marked, RunMarkerVariable + "=" + marker, spawn.Diagnostics, spawn.RestrictedToolThreads);
    }

    /// <summary>
    /// Spawns the target from a dedicated enforcing thread and returns its pid (a child of this process) without
    /// supervising it: for runners that wait, signal and clean up themselves (<c>Processes.TargetRunner</c>).
    /// </summary>
    public static ConfinedSpawn Spawn(LandlockPlan plan, SpawnRequest request, LaunchOptions? options = null, LandlockSupport? support = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(request);
        options ??= LaunchOptions.Default;
        support ??= LandlockSupport.Host;
        if (!support.IsAvailable)
        {
            throw new LandlockUnavailableException(support.UnavailableReason ?? "Landlock is not available");
        }

        EnsureSubreaper();
        RestrictedSpawnNative.EnsureResolved();
        var (ruleset, diagnostics) = LandlockRulesetBuilder.Build(plan, support);
        using (ruleset)
        {
            var flags = options.LogDenials && support.SupportsLogFlags ? LandlockRestrictFlags.LogNewExecOn : LandlockRestrictFlags.None;
            lock (EnforcingLock)
            {
                var outcome = SpawnOnEnforcingThread(ruleset.Fd, flags, options.NetworkNamespaceFd, options.EnforcingThreadName, request);
                var contaminated = ThreadConfinementCheck.FindRestrictedThreads(outcome.ThreadId, createdAfter: outcome.ThreadId);
                return new ConfinedSpawn(outcome.Pid, diagnostics, contaminated);
            }
        }
    }

    /// <summary>Tool threads carrying a sandbox right now, checked while no launch is in flight.</summary>
    public static IReadOnlyList<int> FindRestrictedToolThreads()
    {
        lock (EnforcingLock)
        {
            return ThreadConfinementCheck.FindRestrictedThreads();
        }
    }

    private static void EnsureSubreaper()
    {
        lock (SubreaperLock)
        {
            if (!_subreaper)
            {
                ProcessControl.BecomeSubreaper();
                _subreaper = true;
            }
        }
    }

    private static unsafe (int Pid, int ThreadId) SpawnOnEnforcingThread(int rulesetFd, LandlockRestrictFlags flags, int netNsFd, string threadName, SpawnRequest request)
    {
        var allocations = new List<nint>();
        var block = (RestrictedSpawnNative.SpawnBlock*)NativeMemory.AllocZeroed((nuint)sizeof(RestrictedSpawnNative.SpawnBlock));
        try
        {
            block->RulesetFd = rulesetFd;
            block->RestrictFlags = (uint)flags;
            block->NetNsFd = netNsFd;
            block->Path = CString(PathBytes.Encode(request.Executable), allocations);
            block->Comm = CString(CommandName(request.Executable), allocations);
            block->Argv = CStringArray(request.Arguments.Select(a => PathBytes.Encode(a)), allocations);
            block->Envp = CStringArray(
                request.Environment.Select(pair => Encoding.UTF8.GetBytes(pair.Key + "=").Concat(PathBytes.Encode(pair.Value)).ToArray()),
                allocations);
            var workingDirectory = CString(PathBytes.Encode(request.WorkingDirectory), allocations);
            block->Attributes = SpawnAttributes.CreateAttributes();
            block->FileActions = SpawnAttributes.CreateFileActions(workingDirectory, request.StandardInputFd, request.StandardOutputFd, request.StandardErrorFd);

            var thread = new Thread(() => RestrictedSpawnNative.EnforceAndSpawn(block), 256 * 1024)
            {
                IsBackground = true,
                Name = threadName,
            };
            thread.Start();
            thread.Join();

            return block->Stage switch
            {
                RestrictedSpawnNative.StageDone => (block->Pid, block->ThreadId),
                RestrictedSpawnNative.StageSetns => throw new InvalidOperationException("cannot enter the network namespace: setns failed with " + ErrnoNames.Name(block->Errno)),
                RestrictedSpawnNative.StageNoNewPrivs => throw new InvalidOperationException("prctl(PR_SET_NO_NEW_PRIVS) failed with " + ErrnoNames.Name(block->Errno)),
                RestrictedSpawnNative.StageRestrict => throw new LandlockUnavailableException("landlock_restrict_self failed with " + ErrnoNames.Name(block->Errno)),
                RestrictedSpawnNative.StageSpawn => throw new SpawnFailedException(request.Executable, ErrnoNames.Name(block->Errno), block->Errno == ErrnoNames.EACCES),
                _ => throw new InvalidOperationException("the enforcing thread did not run"),
            };
        }
        finally
        {
            SpawnAttributes.DestroyAttributes(block->Attributes);
            SpawnAttributes.DestroyFileActions(block->FileActions);
            NativeMemory.Free(block);
            foreach (var pointer in allocations)
            {
                NativeMemory.Free((void*)pointer);
            }
        }
    }

    /// <summary>What the kernel names a process after exec: the file name, cut to 15 bytes.</summary>
    internal static byte[] CommandName(string executable)
    {
        var name = PathBytes.Encode(Path.GetFileName(executable));
        return name.Length <= 15 ? name : name[..15];
    }

    private static unsafe byte* CString(byte[] bytes, List<nint> allocations)
    {
        var memory = (byte*)NativeMemory.AllocZeroed((nuint)bytes.Length + 1);
        allocations.Add((nint)memory);
        bytes.CopyTo(new Span<byte>(memory, bytes.Length));
        return memory;
    }

    private static unsafe byte** CStringArray(IEnumerable<byte[]> items, List<nint> allocations)
    {
        var list = items.ToList();
        var array = (byte**)NativeMemory.AllocZeroed((nuint)(list.Count + 1), (nuint)sizeof(nint));
        allocations.Add((nint)array);
        for (var i = 0; i < list.Count; i++)
        {
            array[i] = CString(list[i], allocations);
        }

        return array;
    }
}
