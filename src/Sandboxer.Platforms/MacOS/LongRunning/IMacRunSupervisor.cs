namespace Sandboxer.Platforms.MacOS.LongRunning;

/// <summary>
/// Watches a run while it lasts (<see cref="Collector.IMacSandboxPlatform.RunSupervisedAsync"/>) and says when the tool
/// is to stop it: a long-running target once it was ready, exercised and let run (<see cref="MacLongRunningSupervisor"/>).
/// </summary>
internal interface IMacRunSupervisor
{
    /// <summary>How long the target gets to exit after SIGTERM before its tree is killed.</summary>
    TimeSpan StopGrace { get; }

    /// <summary>
    /// Runs while <paramref name="process"/> does. Returns true when the tool is to stop it now (SIGTERM, <see cref="StopGrace"/>,
    /// SIGKILL), false when it ended by itself (or <paramref name="cancellationToken"/> was cancelled: the platform then interrupts it).
    /// </summary>
    Task<bool> SuperviseAsync(IMacRunningProcess process, CancellationToken cancellationToken);
}
