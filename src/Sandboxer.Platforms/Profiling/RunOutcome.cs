using System.Globalization;
using Sandboxer.Platforms.Processes;

namespace Sandboxer.Platforms.Profiling;

/// <summary>How one run of the target ended, in the terms the profiling loop compares.</summary>
internal sealed record RunOutcome(
    int ExitCode,
    int? Signal,
    bool Interrupted,
    bool TimedOut,
    string? OutputDigest,
    TimeSpan Elapsed,
    bool? ExerciseSucceeded = null)
{
    /// <summary>For a long-running target: whether it got ready, how its exercise went, whether the tool stopped it.</summary>
    public LongRunningResult? LongRunning { get; init; }

    /// <summary>
    /// True when <paramref name="other"/> behaved like this run. Long-running targets: both runs succeeded as such
    /// (ready, exercise succeeded, stopped by the tool; their exit codes only say how they took the stop). Otherwise
    /// the same exit (or both exercises succeeded) and, when compared, the same output.
    /// </summary>
    public bool Matches(RunOutcome other, bool compareOutput)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (LongRunning is not null || other.LongRunning is not null)
        {
            return LongRunning?.Succeeded == true && other.LongRunning?.Succeeded == true;
        }

        if (ExerciseSucceeded is not null || other.ExerciseSucceeded is not null)
        {
            return other.ExerciseSucceeded == true && ExerciseSucceeded == true;
        }

        return ExitCode == other.ExitCode && Signal == other.Signal && (!compareOutput || OutputDigest == other.OutputDigest);
    }

    public string Describe()
    {
        if (Interrupted)
        {
            return "interrupted";
        }

        var text = Signal is { } signal
            ? string.Create(CultureInfo.InvariantCulture, $"killed by signal {signal}")
            : string.Create(CultureInfo.InvariantCulture, $"exited with {ExitCode}");
        if (TimedOut)
        {
            return "timed out, " + text;
        }

        if (LongRunning is { } longRunning)
        {
            return longRunning.Describe(text);
        }

        if (ExerciseSucceeded is { } exercised)
        {
            text += exercised ? ", exercise succeeded" : ", exercise failed";
        }

        return text;
    }
}
