using System.Text.Json;
using Sandboxer.Analysis;
using Sandboxer.Sbpl.Engine;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Cli.Rendering;

/// <summary>JSON of decisions: the <c>explain --json</c> object of docs/cli.md, and the same fields inside replay and diff output.</summary>
internal static class DecisionJson
{
    /// <summary>
    /// <c>{"decision","operation","target","reason","decidedBy","rule"}</c> as docs/cli.md fixes them, then the extras
    /// <c>targetKind</c>, <c>certain</c> and <c>uncertainties</c>.
    /// </summary>
    public static void WriteExplanation(Utf8JsonWriter writer, Explanation explanation)
    {
        writer.WriteStartObject();
        writer.WriteString("decision", Explanation.ActionName(explanation.Decision.Action));
        writer.WriteString("operation", explanation.Request.Operation);
        WriteNullableString(writer, "target", explanation.Target);
        WriteDecisionFields(writer, explanation.Decision);
        WriteNullableString(writer, "targetKind", explanation.TargetKind);
        writer.WriteEndObject();
    }

    /// <summary>A decision as an object: <c>decision, reason, decidedBy, rule, certain, uncertainties</c>.</summary>
    public static void WriteDecision(Utf8JsonWriter writer, Decision decision)
    {
        writer.WriteStartObject();
        writer.WriteString("decision", Explanation.ActionName(decision.Action));
        WriteDecisionFields(writer, decision);
        writer.WriteEndObject();
    }

    public static void WriteRule(Utf8JsonWriter writer, Rule? rule)
    {
        if (rule is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("text", rule.Text ?? RuleText(rule));
        if (rule.Location is { } location)
        {
            writer.WriteString("file", location.Path);
            writer.WriteNumber("line", location.Start.Line);
            writer.WriteNumber("column", location.Start.Column);
        }
        else
        {
            writer.WriteNull("file");
            writer.WriteNull("line");
            writer.WriteNull("column");
        }

        writer.WriteEndObject();
    }

    private static void WriteDecisionFields(Utf8JsonWriter writer, Decision decision)
    {
        writer.WriteString("reason", Explanation.ReasonName(decision.Reason));
        writer.WriteString("decidedBy", decision.DecidedBy);
        writer.WritePropertyName("rule");
        WriteRule(writer, decision.Rule);
        writer.WriteBoolean("certain", decision.IsCertain);
        writer.WriteStartArray("uncertainties");
        foreach (var uncertainty in decision.Uncertainties)
        {
            writer.WriteStartObject();
            writer.WriteString("kind", uncertainty.Kind switch
            {
                UncertaintyKind.UnknownAttribute => "unknown-attribute",
                UncertaintyKind.UnresolvedImport => "unresolved-import",
                _ => "unsupported-construct",
            });
            writer.WriteString("message", uncertainty.Message);
            writer.WriteString("alternative", Explanation.ActionName(uncertainty.AlternativeAction));
            writer.WritePropertyName("rule");
            WriteRule(writer, uncertainty.Rule);
            if (uncertainty.Import is { } import)
            {
                writer.WriteString("import", import.Name);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static string RuleText(Rule rule) => Explanation.RuleText(rule with { Location = null });

    private static void WriteNullableString(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
