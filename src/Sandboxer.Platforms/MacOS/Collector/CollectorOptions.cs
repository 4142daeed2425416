namespace Sandboxer.Platforms.MacOS.Collector;

/// <summary>Bounds on the collector's waits. Nothing sleeps: each wait ends as soon as the awaited report arrives.</summary>
/// <param name="ReadyTimeout">How long to wait for the READY sentinel's report (the stream is live).</param>
/// <param name="FenceTimeout">How long to wait for the FENCE sentinel's report (the stream has caught up).</param>
/// <param name="SentinelAttempts">Sentinels fired per wait (reporting is lossy; each attempt gets an equal share of the wait).</param>
/// <param name="DrainTimeout">How long <c>log</c> gets to print its trailer after SIGINT.</param>
/// <param name="RunTimeout">The target's time limit; its process tree is killed after it.</param>
/// <param name="TagDenials">
/// Put the run's <c>(with message …)</c> tag on every deny rule (the default). Turn it off to retry a run whose
/// tagged denials did not show up: on macOS 14.2 a non-platform binary's tagged denials were seen dropped (0 of 6),
/// untagged ones partly logged. Untagged, reports are attributed by the run's process tree only (the root and the descendants seen while it ran).
/// </param>
internal sealed record CollectorOptions(
    TimeSpan ReadyTimeout, TimeSpan FenceTimeout, int SentinelAttempts, TimeSpan DrainTimeout, TimeSpan RunTimeout, bool TagDenials = true)
{
    public static CollectorOptions Default { get; } = new(
        TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15), 3, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10));
}
