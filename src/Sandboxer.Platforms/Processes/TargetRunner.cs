using System.Runtime.Versioning;

namespace Sandboxer.Platforms.Processes;

/// <summary>
/// The one way Sandboxer runs a user's program (trace, run, profile): stdio passed through, exit code propagated
/// (128 + signal when killed), SIGINT/SIGTERM forwarded, an optional timeout, an optional wrapper, and afterwards
/// nothing of the program's process tree left running. See <see cref="RunningTarget"/> for how.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class TargetRunner
{
    /// <summary>Starts the program; use the handle to wait, interrupt, or (for wrappers) report the target.</summary>
    public static RunningTarget Start(TargetLaunch launch) => RunningTarget.Start(launch);

    /// <summary>Runs the program to completion. Cancelling the token interrupts it like Ctrl-C.</summary>
    public static async Task<TargetOutcome> RunAsync(TargetLaunch launch, CancellationToken cancellationToken = default)
    {
        using var target = Start(launch);
        return await target.WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
