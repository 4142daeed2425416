namespace Sandboxer.Platforms.Processes;

/// <summary>
/// A program that starts the target on the runner's behalf: its argv goes before the target's. When
/// <see cref="ForksTarget"/> is true (strace) the wrapper stays alive as the target's parent; otherwise
/// (<c>sandboxer __exec</c>) it replaces itself with the target via execve.
/// </summary>
/// <param name="Arguments">The wrapper's argv, its program first.</param>
/// <param name="ForksTarget">The wrapper forks the target and waits for it.</param>
/// <param name="ReportsTarget">
/// The caller will tell the runner which child is the target and when it ended
/// (<see cref="RunningTarget.ReportTargetProcess"/>, <see cref="RunningTarget.ReportTargetExited"/>), as the
/// tracer does from the trace. Otherwise the runner takes the wrapper's first child for the target — wrong for
/// strace, which forks short-lived test children before the tracee.
/// </param>
internal sealed record LaunchWrapper(IReadOnlyList<string> Arguments, bool ForksTarget, bool ReportsTarget = false);
