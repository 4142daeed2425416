using System.Globalization;

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
    /// <summary>True when <paramref name="other"/> behaved like this run: same exit (or both exercises succeeded) and, when compared, the same output.</summary>
    public bool Matches(RunOutcome other, bool compareOutput)
    {
        ArgumentNullException.ThrowIfNull(other);
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
        if (ExerciseSucceeded is { } exercised)
        {
            text += exercised ? ", exercise succeeded" : ", exercise failed";
        }

        return TimedOut ? "timed out, " + text : text;
    }
}
