using Sandboxer.Platforms.Processes;
using Sandboxer.Collections;

namespace Sandboxer.Platforms.MacOS.Collector;

/// <summary>How a process ended: its pid, exit status (128+signal when killed), captured output, and whether it hit its time limit.</summary>
/// <param name="Pid">The root's pid (with <c>sandbox-exec</c>, the target's: it execs into the target).</param>
/// <param name="ExitCode">Its exit status, 128+signal when killed.</param>
/// <param name="Stdout">Captured stdout (empty when passed through).</param>
/// <param name="Stderr">Captured stderr (its beginning when passed through).</param>
/// <param name="TimedOut">True when it was stopped at its time limit.</param>
/// <param name="Descendants">The processes seen below it while it ran (a lower bound: short-lived ones can be missed).</param>
/// <param name="StoppedByTool">Its supervisor had it stopped (a long-running target once its run was done): not an interrupt.</param>
internal sealed record MacProcessResult(
    int Pid, int ExitCode, string Stdout, string Stderr, bool TimedOut = false, EquatableArray<int> Descendants = default, bool StoppedByTool = false)
{
    /// <summary>For a long-running target: readiness, the exercise and how it was stopped (set by whoever supervised the run).</summary>
    public LongRunningResult? LongRunning { get; init; }
}
