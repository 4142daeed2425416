using System.Globalization;

namespace Sandboxer.Platforms.Processes;

/// <summary>How the exercise command of a long-running target ended, with the end of what it printed (stdout and stderr).</summary>
/// <param name="Command">The shell command as given.</param>
/// <param name="ExitCode">Its exit code; 128 + the signal when a signal killed it.</param>
/// <param name="Signal">The signal that killed it, if any.</param>
/// <param name="TimedOut">It ran longer than <see cref="LongRunningOptions.ExerciseTimeout"/> and was stopped.</param>
/// <param name="Stopped">It was stopped because the target ended or the run was interrupted while it ran.</param>
/// <param name="Output">The last bytes of its combined output (decoded as UTF-8), at most <see cref="OutputLimit"/>.</param>
/// <param name="OutputTruncated">Only the end of a longer output is kept in <paramref name="Output"/>.</param>
/// <param name="Elapsed">How long it ran.</param>
internal sealed record ExerciseResult(
    string Command, int ExitCode, int? Signal, bool TimedOut, bool Stopped, string Output, bool OutputTruncated, TimeSpan Elapsed)
{
    /// <summary>At most this many bytes of output are kept (the end: errors are usually printed last).</summary>
    public const int OutputLimit = 16 * 1024;

    public bool Succeeded => ExitCode == 0 && Signal is null && !TimedOut && !Stopped;

    /// <summary>"succeeded", "failed (exited with 7)", "timed out after 60 s", "stopped: the program ended".</summary>
    public string Describe()
    {
        if (Succeeded)
        {
            return "succeeded";
        }

        if (TimedOut)
        {
            return string.Create(CultureInfo.InvariantCulture, $"timed out after {Elapsed.TotalSeconds:0.#} s");
        }

        if (Stopped)
        {
            return "stopped before it finished";
        }

        return "failed (" + (Signal is { } signal ? "killed by " + SignalNames.Name(signal) : string.Create(CultureInfo.InvariantCulture, $"exited with {ExitCode}")) + ")";
    }
}
