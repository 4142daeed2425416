using Sandboxer.Platforms.Processes;

namespace Sandboxer.Cli.Commands;

/// <summary>
/// How <c>run</c> and <c>trace</c> report a long-running target (<c>--ready-port</c>, <c>--exercise</c>,
/// <c>--stop-after</c>): the tool stops such a target itself, so its own exit code (usually 143) means nothing. Exit 0
/// when the run went as planned (ready, exercise succeeded, stopped); the target's exit code when it ended by itself
/// (1 if that was 0); 1 when it never got ready or the exercise failed; 130 when interrupted.
/// </summary>
internal static class LongRunningOutcome
{
    public static int ExitCode(TargetOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Interrupted)
        {
            return ExitCodes.Interrupted;
        }

        if (outcome.LongRunning is not { } longRunning)
        {
            return outcome.ExitCode;
        }

        return longRunning.ExitCode(outcome.ExitCode);
    }

    /// <summary>One line on how the run went and, when the exercise failed, the end of what it printed.</summary>
    public static async Task PrintAsync(TextWriter stderr, TargetOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.LongRunning is not { } longRunning || outcome.Interrupted)
        {
            return;
        }

        await stderr.WriteLineAsync("sandboxer: the program " + outcome.Describe()).ConfigureAwait(false);
        if (longRunning.Exercise is { Succeeded: false } exercise && exercise.Output.Length > 0)
        {
            await stderr.WriteLineAsync("sandboxer: the exercise `" + exercise.Command + "` printed" + (exercise.OutputTruncated ? " (the end):" : ":")).ConfigureAwait(false);
            foreach (var line in exercise.Output.TrimEnd('\n').Split('\n'))
            {
                await stderr.WriteLineAsync("  | " + line).ConfigureAwait(false);
            }
        }
    }
}
