using System.CommandLine;
using Sandboxer.Platforms.Processes;

namespace Sandboxer.Cli.Options;

/// <summary>
/// The options for long-running targets (docs/cli.md), shared by <c>profile</c>, <c>run</c> and <c>trace</c>:
/// <c>--ready-port</c>, <c>--ready-timeout</c>, <c>--exercise</c>, <c>--exercise-timeout</c>, <c>--stop-after</c>.
/// </summary>
internal sealed class LongRunningOptionSet
{
    public Option<int?> ReadyPort { get; } = new("--ready-port") { Description = "A long-running target is ready when it listens on PORT (servers, dev servers).", HelpName = "PORT" };

    public Option<string?> ReadyTimeout { get; } = new("--ready-timeout") { Description = "How long to wait for --ready-port.", DefaultValueFactory = _ => "30s", HelpName = "DURATION" };

    public Option<string?> Exercise { get; } = new("--exercise") { Description = "A command run with /bin/sh outside the sandbox once the target is ready (e.g. an HTTP request to its port); the target is then stopped, and the run is normal when the command succeeded.", HelpName = "CMD" };

    public Option<string?> ExerciseTimeout { get; } = new("--exercise-timeout") { Description = "Stop --exercise (and count it as failed) when it runs longer than DURATION.", DefaultValueFactory = _ => "60s", HelpName = "DURATION" };

    public Option<string?> StopAfter { get; } = new("--stop-after") { Description = "Stop the target DURATION after it is ready (at once without --ready-port; e.g. a watcher), and not before --exercise finished.", HelpName = "DURATION" };

    public LongRunningOptionSet()
    {
        ReadyPort.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is { } p && p is < 1 or > 65535) { r.AddError("--ready-port must be 1–65535"); } });
        foreach (var duration in new[] { ReadyTimeout, ExerciseTimeout, StopAfter })
        {
            DurationParser.AddValidator(duration);
        }

        Exercise.Validators.Add(r => { if (r.Tokens.Count > 0 && string.IsNullOrWhiteSpace(r.Tokens[0].Value)) { r.AddError("--exercise needs a command"); } });
    }

    /// <summary>The options in help order.</summary>
    public IEnumerable<Option> All => [ReadyPort, ReadyTimeout, Exercise, ExerciseTimeout, StopAfter];

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The options given, or null when none of <c>--ready-port</c>, <c>--exercise</c>, <c>--stop-after</c> was (an ordinary target).</summary>
    public LongRunningOptions? Read(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var port = parseResult.GetValue(ReadyPort);
        var exercise = parseResult.GetValue(Exercise);
        var stopAfter = DurationParser.Read(parseResult, StopAfter);
        if (port is null && exercise is null && stopAfter is null)
        {
            return null;
        }

        return new LongRunningOptions(port, DurationParser.Read(parseResult, ReadyTimeout) ?? LongRunningOptions.DefaultReadyTimeout, exercise, stopAfter)
        {
            ExerciseTimeout = DurationParser.Read(parseResult, ExerciseTimeout) ?? LongRunningOptions.DefaultExerciseTimeout,
        };
    }
}
