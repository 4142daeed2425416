using System.Globalization;

namespace Sandboxer.Platforms.Processes;

/// <summary>
/// For targets that never exit on their own (dev servers, watchers). The run goes through these steps:
/// <list type="number">
/// <item>with <see cref="ReadyPort"/>, wait until a process of the target's tree listens on that TCP port where the
/// exercise can reach it (at most <see cref="ReadyTimeout"/>); without it the target is ready at once;</item>
/// <item>run <see cref="Exercise"/> with <c>/bin/sh -c</c> outside any sandbox (at most <see cref="ExerciseTimeout"/>),
/// its output kept for the report;</item>
/// <item>with <see cref="StopAfter"/>, let the target run until that long after it became ready (a watcher reacting);</item>
/// <item>stop the whole tree: SIGTERM, <see cref="StopGrace"/>, then SIGKILL. This stop is the tool's, not an interrupt.</item>
/// </list>
/// The run succeeded when the target was ready, the exercise succeeded and the target did not end by itself.
/// </summary>
/// <param name="ReadyPort">The TCP port the target listens on once it is ready.</param>
/// <param name="ReadyTimeout">How long to wait for <paramref name="ReadyPort"/>.</param>
/// <param name="Exercise">A shell command run on the host once the target is ready; the run is normal when it succeeds.</param>
/// <param name="StopAfter">How long the target keeps running after it became ready before it is stopped.</param>
internal sealed record LongRunningOptions(int? ReadyPort, TimeSpan ReadyTimeout, string? Exercise, TimeSpan? StopAfter)
{
    public static readonly TimeSpan DefaultReadyTimeout = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan DefaultExerciseTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The exercise is stopped (and failed) when it runs longer than this.</summary>
    public TimeSpan ExerciseTimeout { get; init; } = DefaultExerciseTimeout;

    /// <summary>How long the target gets to exit after SIGTERM before the tree is killed.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Set by a runner that confines the target to its own network namespace when <see cref="ReadyPort"/> is not
    /// relayed to the host: the target may listen, but the exercise cannot reach it. Says why.
    /// </summary>
    public string? ReadyPortUnreachable { get; init; }

    /// <summary>"ready when it listens on port 8000 (within 30 s), exercised with `curl …`, stopped 2 s after it is ready".</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (ReadyPort is { } port)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"ready when it listens on port {port} (within {ReadyTimeout.TotalSeconds:0.##} s)"));
        }

        if (Exercise is { } exercise)
        {
            parts.Add("exercised with `" + exercise + "`");
        }

        parts.Add(StopAfter is { } linger
            ? string.Create(CultureInfo.InvariantCulture, $"stopped {linger.TotalSeconds:0.##} s after it is ready")
            : "then stopped");
        return string.Join(", ", parts);
    }
}
