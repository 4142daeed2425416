using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Sandboxer.Analysis;
using Sandboxer.Analysis.Diff;
using Sandboxer.Cli.Options;
using Sandboxer.Cli.Profiles;
using Sandboxer.Cli.Rendering;
using Sandboxer.Sbpl.Engine;

namespace Sandboxer.Cli.Commands;

/// <summary>
/// <c>sandboxer diff A.sb B.sb [-D K=V]... [--json]</c>: the semantic difference of two profiles, computed with the
/// engine: per operation, what one allows that the other denies. Exit 1 when they differ.
/// </summary>
internal static class DiffCommand
{
    public static Command Create()
    {
        var first = new Argument<string>("A.sb") { Description = "The first profile." };
        var second = new Argument<string>("B.sb") { Description = "The second profile." };
        var define = ParameterOptions.CreateDefine();
        var json = new Option<bool>("--json") { Description = "Print the differences as one JSON object." };
        var searchPath = ProfileInput.CreateSearchPath();
        var command = new Command("diff", "Semantic difference of two profiles: what each allows that the other does not.")
        {
            first, second, define, json, searchPath,
        };
        command.SetAction(parseResult =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            var pathA = Path.GetFullPath(parseResult.GetRequiredValue(first));
            var pathB = Path.GetFullPath(parseResult.GetRequiredValue(second));
            if (ProfileInput.LoadValid(parseResult, [pathA], define, searchPath, stderr) is not { } a
                || ProfileInput.LoadValid(parseResult, [pathB], define, searchPath, stderr) is not { } b)
            {
                return ExitCodes.Usage;
            }

            var result = ProfileDiff.Compare(PolicyEngine.Compile(a.Profile), PolicyEngine.Compile(b.Profile));
            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(stdout, writer => WriteJson(writer, pathA, pathB, result));
            }
            else
            {
                WriteText(stdout, pathA, pathB, result);
            }

            return result.Identical ? ExitCodes.Success : ExitCodes.Findings;
        });
        return command;
    }

    private static void WriteText(TextWriter stdout, string pathA, string pathB, DiffResult result)
    {
        if (result.Identical)
        {
            stdout.WriteLine("no semantic difference");
            return;
        }

        stdout.WriteLine($"A: {pathA}");
        stdout.WriteLine($"B: {pathB}");
        foreach (var entry in result.Differences)
        {
            var (allows, denies) = entry.AllowedBy == DiffSide.A ? ("A", "B") : ("B", "A");
            var certainty = entry.IsCertain ? string.Empty : " (undecidable in " + (entry.InA.IsCertain ? "B" : entry.InB.IsCertain ? "A" : "both") + ")";
            stdout.WriteLine($"{entry.Operation} {entry.Target}: allowed by {allows}, denied by {denies}{certainty}");
            stdout.WriteLine("    A: " + Describe(entry.InA));
            stdout.WriteLine("    B: " + Describe(entry.InB));
        }

        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Differences.Count} difference{(result.Differences.Count == 1 ? string.Empty : "s")}"));
    }

    private static string Describe(Decision decision) => decision.Rule is { } rule
        ? $"{Explanation.ActionName(decision.Action)} by {Explanation.RuleText(rule)}"
        : $"{Explanation.ActionName(decision.Action)} ({Explanation.ReasonName(decision.Reason)} of {decision.DecidedBy})";

    private static void WriteJson(Utf8JsonWriter writer, string pathA, string pathB, DiffResult result)
    {
        writer.WriteStartObject();
        writer.WriteNumber("schemaVersion", DiagnosticReports.SchemaVersion);
        writer.WriteString("a", pathA);
        writer.WriteString("b", pathB);
        writer.WriteBoolean("identical", result.Identical);
        writer.WriteStartArray("differences");
        foreach (var entry in result.Differences)
        {
            writer.WriteStartObject();
            writer.WriteString("operation", entry.Operation);
            writer.WriteString("allowedBy", entry.AllowedBy == DiffSide.A ? "a" : "b");
            writer.WriteStartObject("target");
            writer.WriteString("kind", entry.Target.Kind);
            writer.WriteString("value", entry.Target.Value);
            if (entry.Target.Scope is { } scope)
            {
                writer.WriteString("scope", scope);
            }

            writer.WriteEndObject();
            writer.WriteBoolean("certain", entry.IsCertain);
            writer.WritePropertyName("inA");
            DecisionJson.WriteDecision(writer, entry.InA);
            writer.WritePropertyName("inB");
            DecisionJson.WriteDecision(writer, entry.InB);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
