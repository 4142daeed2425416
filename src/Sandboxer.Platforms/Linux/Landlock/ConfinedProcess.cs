using Sandboxer.Diagnostics;
using Sandboxer.Platforms.Linux.Landlock.Native;

namespace Sandboxer.Platforms.Linux.Landlock;

/// <summary>
/// A running confined target. Its exit is collected by a dedicated thread blocked in <c>waitpid</c> (the .NET runtime
/// does not know this child and never reaps it). <see cref="KillTree"/> ends it and everything it started, including
/// orphans the tool adopted as child subreaper (recognised by the launch's environment marker).
/// </summary>
internal sealed class ConfinedProcess : IDisposable
{
    private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly string _marker;

    internal ConfinedProcess(int pid, SpawnRequest request, string marker, IReadOnlyList<Diagnostic> diagnostics, IReadOnlyList<int> restrictedToolThreads)
    {
        Pid = pid;
        Request = request;
        _marker = marker;
        Diagnostics = diagnostics;
        RestrictedToolThreads = restrictedToolThreads;

        var waiter = new Thread(WaitLoop, 128 * 1024) { IsBackground = true, Name = "sbx-wait" };
        waiter.Start();
    }

    public int Pid { get; }

    public SpawnRequest Request { get; }

    /// <summary>Launch-time diagnostics (ABI degradation, rule paths that changed).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>Tool threads found carrying the sandbox after the launch; always empty unless the runtime misbehaved.</summary>
    public IReadOnlyList<int> RestrictedToolThreads { get; }

    public bool HasExited => _exit.Task.IsCompleted;

    /// <summary>The exit code (128 + signal when killed by a signal).</summary>
    public Task<int> WaitForExitAsync(CancellationToken cancellationToken = default) => _exit.Task.WaitAsync(cancellationToken);

    public void Signal(int signal)
    {
        if (!HasExited)
        {
            ProcessControl.Signal(Pid, signal);
        }
    }

    /// <summary>
    /// Kills the target and every process it started: its descendants, and confined orphans this process adopted.
    /// Repeats until nothing is left (a fork racing the kill is caught on the next pass).
    /// </summary>
    public void KillTree()
    {
        var self = Environment.ProcessId;
        for (var pass = 0; pass < 50; pass++)
        {
            var table = ProcessTable.Snapshot();
            var victims = new HashSet<int>(table.Descendants(Pid));
            if (!HasExited && table.Contains(Pid))
            {
                victims.Add(Pid);
            }

            foreach (var orphan in table.ChildrenOf(self).Where(p => p != Pid && Processes.ProcFs.HasEnvironmentEntry(p, _marker)))
            {
                victims.Add(orphan);
                foreach (var descendant in table.Descendants(orphan))
                {
                    victims.Add(descendant);
                }
            }

            if (victims.Count == 0)
            {
                return;
            }

            foreach (var victim in victims)
            {
                ProcessControl.Signal(victim, ProcessControl.SigKill);
            }

            foreach (var victim in victims.Where(v => v != Pid && table.ParentOf(v) == self))
            {
                ProcessControl.TryReap(victim);
            }

            Thread.Sleep(pass < 5 ? 2 : 20);
        }
    }

    /// <summary>Ends whatever of the sandbox is still running (the target, or background processes it left).</summary>
    public void Dispose() => KillTree();

    private void WaitLoop()
    {
        try
        {
            var status = ProcessControl.WaitForExit(Pid);
            _exit.TrySetResult(ProcessControl.ToExitCode(status));
        }
        catch (InvalidOperationException exception)
        {
            _exit.TrySetException(exception);
        }
    }
}
