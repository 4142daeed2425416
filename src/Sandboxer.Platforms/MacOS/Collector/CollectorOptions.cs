namespace Sandboxer.Platforms.MacOS.Collector;

/// <summary>Bounds on the collector's waits. Nothing sleeps: each wait ends as soon as the awaited report arrives.</summary>
/// <param name="ReadyTimeout">How long to wait for the READY sentinel's report (the stream is live).</param>
/// <param name="FenceTimeout">How long to wait for the FENCE sentinel's report (the stream has caught up).</param>
/// <param name="SentinelAttempts">Sentinels fired per wait (reporting is lossy; each attempt gets an equal share of the wait).</param>
/// <param name="DrainTimeout">How long <c>log</c> gets to print its trailer after SIGINT.</param>
/// <param name="RunTimeout">The target's time limit; its process tree is killed after it.</param>
internal sealed record CollectorOptions(TimeSpan ReadyTimeout, TimeSpan FenceTimeout, int SentinelAttempts, TimeSpan DrainTimeout, TimeSpan RunTimeout)
{
    public static CollectorOptions Default { get; } = new(
        TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15), 3, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10));
}
