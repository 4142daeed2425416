using System.CommandLine;
using System.Globalization;
using System.Text;
using Sandboxer.Analysis;
using Sandboxer.Analysis.Replay;
using Sandboxer.Cli.Options;
using Sandboxer.Cli.Profiles;
using Sandboxer.Cli.Rendering;
using Sandboxer.Events;
using Sandboxer.Sbpl.Engine;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Cli.Commands;

/// <summary>
/// <c>sandboxer replay PROFILE... EVENTS.jsonl [-D K=V]... [--json]</c>: decides every recorded access against the
/// profile and lists the ones it would deny, and separately the undecidable ones that could be denied. Exit 1 when any
/// access is denied or could be.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "PROFILE... EVENTS.jsonl: the profile files (evaluated in order as one profile), then the recorded events "
                + "(JSON Lines, from trace, import-log or run --denials).",
            Arity = new ArgumentArity(2, 100_000),
        };
        var define = ParameterOptions.CreateDefine();
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object." };
        var searchPath = ProfileInput.CreateSearchPath();
        var command = new Command("replay", "Decide every recorded access against a profile; list what it would deny.")
        {
            files, define, json, searchPath,
        };
        command.SetAction(parseResult =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            var all = parseResult.GetRequiredValue(files);
            var eventsPath = Path.GetFullPath(all[^1]);
            if (!File.Exists(eventsPath))
            {
                stderr.WriteLine($"sandboxer: {eventsPath}: no such file");
                return ExitCodes.Usage;
            }

            if (ProfileInput.LoadValid(parseResult, all[..^1], define, searchPath, stderr) is not { } loaded)
            {
                return ExitCodes.Usage;
            }

            List<AccessEvent> events;
            try
            {
                using var reader = new StreamReader(eventsPath, Encoding.UTF8);
                events = [.. EventJson.ReadAll(reader, eventsPath)];
            }
            catch (EventFormatException ex)
            {
                DiagnosticPrinter.Print(stderr, ex.ToDiagnostic(), p => p == eventsPath ? SourceText.FromFile(eventsPath) : null);
                return ExitCodes.Usage;
            }
            catch (IOException ex)
            {
                stderr.WriteLine($"sandboxer: {eventsPath}: {ex.Message}");
                return ExitCodes.Usage;
            }

            var result = EventReplay.Replay(PolicyEngine.Compile(loaded.Profile), events);
            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(stdout, writer => WriteJson(writer, result));
            }
            else
            {
                WriteText(stdout, result);
            }

            return result.AnyDenial ? ExitCodes.Findings : ExitCodes.Success;
        });
        return command;
    }

    private static void WriteText(TextWriter stdout, ReplayResult result)
    {
        WriteGroup(stdout, "denied", result.Denied);
        WriteGroup(stdout, "undecidable (could be denied)", result.Undecidable);
        stdout.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"replay: {result.Total} events, {result.Allowed} allowed, {result.Denied.Count} denied, {result.Undecidable.Count} undecidable"));
    }

    private static void WriteGroup(TextWriter stdout, string title, IReadOnlyList<ReplayedEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{title} ({events.Count}):"));
        foreach (var (accessEvent, decision) in events)
        {
            var request = AccessRequest.FromEvent(accessEvent);
            var who = accessEvent.Process is null ? string.Empty : $" [{accessEvent.Process}]";
            var count = accessEvent.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $" ×{accessEvent.Count}") : string.Empty;
            stdout.WriteLine($"  {accessEvent.Operation} {request.DescribeTarget()}{who}{count}");
            stdout.WriteLine(decision.Rule is { } rule
                ? $"    {Explanation.ActionName(decision.Action)} by {decision.DecidedBy}: {Explanation.RuleText(rule)}"
                : $"    {Explanation.ActionName(decision.Action)} by {decision.DecidedBy} ({Explanation.ReasonName(decision.Reason)})");
            foreach (var uncertainty in decision.Uncertainties)
            {
                stdout.WriteLine($"    could be {Explanation.ActionName(uncertainty.AlternativeAction)}: {uncertainty.Message}");
            }
        }
    }

    private static void WriteJson(System.Text.Json.Utf8JsonWriter writer, ReplayResult result)
    {
        writer.WriteStartObject();
        writer.WriteNumber("schemaVersion", DiagnosticReports.SchemaVersion);
        writer.WriteNumber("events", result.Total);
        writer.WriteNumber("allowed", result.Allowed);
        WriteEvents(writer, "denied", result.Denied);
        WriteEvents(writer, "undecidable", result.Undecidable);
        writer.WriteEndObject();
    }

    private static void WriteEvents(System.Text.Json.Utf8JsonWriter writer, string name, IReadOnlyList<ReplayedEvent> events)
    {
        writer.WriteStartArray(name);
        foreach (var (accessEvent, decision) in events)
        {
            writer.WriteStartObject();
            writer.WritePropertyName("event");
            EventJson.Write(writer, accessEvent);
            writer.WritePropertyName("decision");
            DecisionJson.WriteDecision(writer, decision);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
