using System.Collections.Frozen;
using System.Globalization;
using Sandboxer.Sbpl.Formatting;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Sbpl.Evaluation;

/// <summary>
/// <c>(with NAME ARGS…)</c>: the rule modifiers of the 10.15 table. Aliases are resolved (<c>no-log</c> →
/// <c>no-report</c>, <c>no-profile</c> → <c>no-sandbox</c>, <c>termination</c> → <c>send-signal SIGKILL</c>);
/// arguments are kept as SBPL text (<c>"tag"</c> quoted, signal names bare).
/// </summary>
internal static class Modifiers
{
    private enum ArgumentKind
    {
        None,
        Text,
        Signal,
    }

    private static readonly FrozenDictionary<string, (string Canonical, ArgumentKind Argument)> Table =
        new Dictionary<string, (string, ArgumentKind)>(StringComparer.Ordinal)
        {
            ["report"] = ("report", ArgumentKind.None),
            ["no-report"] = ("no-report", ArgumentKind.None),
            ["no-log"] = ("no-report", ArgumentKind.None),
            ["send-signal"] = ("send-signal", ArgumentKind.Signal),
            ["message"] = ("message", ArgumentKind.Text),
            ["grant"] = ("grant", ArgumentKind.None),
            ["default-sandbox"] = ("default-sandbox", ArgumentKind.None),
            ["no-sandbox"] = ("no-sandbox", ArgumentKind.None),
            ["no-profile"] = ("no-sandbox", ArgumentKind.None),
            ["no-times"] = ("no-times", ArgumentKind.None),
            ["rootless"] = ("rootless", ArgumentKind.None),
            ["rootless-modifier"] = ("rootless", ArgumentKind.None),
            ["deprecated"] = ("deprecated", ArgumentKind.None),
            ["user-approval"] = ("user-approval", ArgumentKind.None),
            ["no-approval-prompt"] = ("no-approval-prompt", ArgumentKind.None),
            ["authority"] = ("authority", ArgumentKind.None),
            ["telemetry"] = ("telemetry", ArgumentKind.None),
            ["assign-storage-class"] = ("assign-storage-class", ArgumentKind.Text),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenSet<string> Deprecated =
        new[] { "no-callout", "partial-symbolication" }.ToFrozenSet(StringComparer.Ordinal);

    public static IEnumerable<string> Names => Table.Keys.Concat(Deprecated).Append("termination");

    public static SchemeValue Evaluate(Interpreter interpreter, List<SchemeValue> args, SchemeEnvironment environment, SchemePair form)
    {
        if (args.Count == 0 || args[0] is not SchemeSymbol name)
        {
            throw Errors.BadSyntax("with: expected a modifier name such as (with report)", form.Origin);
        }

        var values = args.Skip(1).Select(a => interpreter.Eval(a, environment)).ToList();
        if (Deprecated.Contains(name.Name))
        {
            ExpectArguments(name.Name, values.Count, 0, form);
            interpreter.Session.Warn(
                EvaluationDiagnosticCodes.DeprecatedModifier,
                $"modifier `{name.Name}` is deprecated and ignored",
                form.Origin?.Location);
            return new ModifierValue(new RuleModifier(name.Name, []), isIgnored: true) { Origin = form.Origin };
        }

        if (name.Name == "termination")
        {
            ExpectArguments(name.Name, values.Count, 0, form);
            return new ModifierValue(new RuleModifier("send-signal", ["SIGKILL"])) { Origin = form.Origin };
        }

        if (!Table.TryGetValue(name.Name, out var spec))
        {
            throw new EvaluationException(
                EvaluationDiagnosticCodes.UnknownModifier,
                $"unknown modifier `{name.Name}`",
                name.Origin?.Location ?? form.Origin?.Location);
        }

        ExpectArguments(name.Name, values.Count, spec.Argument == ArgumentKind.None ? 0 : 1, form);
        var arguments = spec.Argument switch
        {
            ArgumentKind.Text => [TextArgument(name.Name, values[0], args[1], form)],
            ArgumentKind.Signal => [SignalArgument(values[0], args[1], form)],
            _ => Array.Empty<string>(),
        };
        return new ModifierValue(new RuleModifier(spec.Canonical, [.. arguments])) { Origin = form.Origin };
    }

    private static void ExpectArguments(string name, int count, int expected, SchemePair form)
    {
        if (count != expected)
        {
            throw new EvaluationException(
                EvaluationDiagnosticCodes.UnknownModifier,
                $"modifier `{name}` takes {expected} argument{(expected == 1 ? string.Empty : "s")}, got {count}",
                form.Origin?.Location);
        }
    }

    private static string TextArgument(string modifier, SchemeValue value, SchemeValue expression, SchemePair form) =>
        value is SchemeString text
            ? SbplString.QuoteForDisplay(text.Value)
            : throw Errors.WrongType("modifier " + modifier, 0, "string", value, expression.Origin?.Location ?? form.Origin?.Location);

    private static string SignalArgument(SchemeValue value, SchemeValue expression, SchemePair form) => value switch
    {
        SchemeInteger number => number.Value.ToString(CultureInfo.InvariantCulture),
        SchemeString { Value: var signal } when signal.StartsWith("SIG", StringComparison.Ordinal) => signal,
        _ => throw new EvaluationException(
            EvaluationDiagnosticCodes.WrongType,
            $"modifier send-signal needs a signal such as SIGKILL, got {Errors.Describe(value)}",
            expression.Origin?.Location ?? form.Origin?.Location),
    };
}
