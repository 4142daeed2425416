using System.Text;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Sbpl.Evaluation;

/// <summary>
/// The SBPL layer libsandbox puts over TinyScheme (<c>sbpl.scm</c>, <c>sbpl_prelude.scm</c>, <c>sbpl_v1.scm</c>):
/// operations bound as values, <c>allow</c>/<c>deny</c>, <c>param</c>, <c>version</c>, <c>trace</c>,
/// <c>defined?</c>, <c>regex-quote</c> and <c>_IO</c>. <c>import</c> is bound by <see cref="ProfileEvaluator"/>.
/// </summary>
internal static class SbplProcedures
{
    /// <summary>The characters <c>regex-quote</c> escapes (libsandbox's set: not <c>]</c> or <c>}</c>).</summary>
    public const string RegexMetacharacters = "^.[$()|*+?{\\";

    public static void Register(Interpreter interpreter)
    {
        foreach (var operation in OperationCatalog.All)
        {
            interpreter.Global.Define(operation.Name, new OperationValue(operation.Name, isKnown: true));
        }

        foreach (var (alias, canonical) in OperationCatalog.Aliases)
        {
            interpreter.Global.Define(alias, new OperationValue(canonical, isKnown: true));
        }

        interpreter.Global.Define("unix", new SchemeSymbol("unix"));
        interpreter.Global.Define("unix-socket", new SchemeSymbol("unix"));

        interpreter.Define(new BuiltinProcedure("allow", 1, -1, call => AddRule(call, RuleAction.Allow)) { TakesOperations = true, TakesFilters = true });
        interpreter.Define(new BuiltinProcedure("deny", 1, -1, call => AddRule(call, RuleAction.Deny)) { TakesOperations = true, TakesFilters = true });
        interpreter.Define("param", 1, 1, Param);
        interpreter.Define("getenv", 1, 1, Param);
        interpreter.Define("version", 1, 1, Version);
        interpreter.Define("trace", 1, 1, Trace);
        interpreter.Define("defined?", 1, 1, call => call[0] is SchemeSymbol symbol
            ? SchemeBoolean.Of(call.Environment.TryLookup(symbol.Name, out _) || NamedArguments.IsNamedArgument(symbol.Name))
            : throw call.WrongType(0, "symbol"));
        interpreter.Define("regex-quote", 1, 1, call => call.Interpreter.MakeString(RegexQuote(call.String(0))));
        interpreter.Define("_IO", 2, 2, call =>
        {
            var group = call.String(0);
            return group.Length > 0
                ? new SchemeInteger(call.Integer(1) + (256L * group[0]))
                : throw call.Fail(EvaluationDiagnosticCodes.WrongType, "_IO: the group must be a one-character string", 0);
        });
    }

    /// <summary>Escapes <see cref="RegexMetacharacters"/> with a backslash, as libsandbox's <c>regex-quote</c> does.</summary>
    public static string RegexQuote(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (RegexMetacharacters.Contains(c, StringComparison.Ordinal))
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static SchemeValue Param(CallContext call)
    {
        var key = call.String(0);
        return call.Interpreter.Session.Parameters.TryGetValue(key, out var value)
            ? new SchemeString(value)
            : SchemeBoolean.MissingParameterValue(key);
    }

    private static SchemeValue Version(CallContext call)
    {
        var version = call.Integer(0);
        var session = call.Interpreter.Session;
        if (session.Version is { } earlier)
        {
            if (earlier != version)
            {
                throw call.Fail(EvaluationDiagnosticCodes.BadVersion, "only one version may be specified", 0);
            }

            return SchemeUnspecified.Instance;
        }

        if (version != 1)
        {
            throw call.Fail(EvaluationDiagnosticCodes.BadVersion, $"unsupported version {version}; only (version 1) exists", 0);
        }

        session.Version = version;
        return SchemeUnspecified.Instance;
    }

    private static SchemeValue Trace(CallContext call)
    {
        if (call[0] is not SchemeString path)
        {
            throw call.Fail(EvaluationDiagnosticCodes.WrongType, "argument to trace must be a string", 0);
        }

        var session = call.Interpreter.Session;
        if (session.TracePath is not null)
        {
            throw call.Fail(EvaluationDiagnosticCodes.BadSyntax, "only one trace path may be specified", 0);
        }

        // libsandbox writes a trace of denied operations there; evaluating a profile here records nothing.
        session.TracePath = path.Value;
        return SchemeUnspecified.Instance;
    }

    private static SchemeUnspecified AddRule(CallContext call, RuleAction action)
    {
        var operations = new List<string>();
        var filters = new List<FilterValue>();
        var modifiers = new List<RuleModifier>();
        for (var i = 0; i < call.Count; i++)
        {
            switch (call[i])
            {
                case OperationValue operation:
                    operations.Add(operation.Name);
                    break;
                case FilterValue filter:
                    filters.Add(filter);
                    break;
                case ModifierValue modifier:
                    if (!modifier.IsIgnored)
                    {
                        modifiers.Add(modifier.Modifier);
                    }

                    break;
                case SchemeBoolean { MissingParameter: { } key }:
                    throw Errors.MissingParameter(key, $"{call.Name} got #f where a filter was expected", call.LocationOf(i));
                default:
                    throw call.Fail(
                        EvaluationDiagnosticCodes.InvalidRuleArgument,
                        $"{call.Name}: expected an operation, filter or modifier, got {Errors.Describe(call[i])}",
                        i);
            }
        }

        if (operations.Count == 0)
        {
            throw call.Fail(EvaluationDiagnosticCodes.InvalidRuleArgument, $"{call.Name}: expected at least one operation, such as file-read*");
        }

        var session = call.Interpreter.Session;
        Filter? combined = filters.Count switch
        {
            0 => null,
            1 => filters[0].Filter,
            _ => FilterProcedures.Nest(call, new RequireAny([.. filters.Select(f => f.Filter)]), filters.Max(f => f.Depth) + 1).Filter,
        };
        var depth = filters.Count == 0 ? 0 : filters.Max(f => f.Depth) + (filters.Count > 1 ? 1 : 0);
        foreach (var extra in session.FilterContext)
        {
            combined = combined is null ? extra : new RequireAll([combined, extra]);
            depth++;
        }

        if (depth > session.Limits.MaxFilterDepth)
        {
            throw call.Fail(EvaluationDiagnosticCodes.LimitExceeded, $"filters nested deeper than {session.Limits.MaxFilterDepth} levels");
        }

        foreach (var extra in session.ModifierContext)
        {
            modifiers.Insert(0, extra);
        }

        if (session.Rules.Count >= session.Limits.MaxRules)
        {
            throw call.Fail(EvaluationDiagnosticCodes.LimitExceeded, $"the profile emits more than {session.Limits.MaxRules} rules");
        }

        session.Rules.Add(new Rule(
            action,
            [.. operations],
            combined,
            [.. modifiers],
            session.Rules.Count,
            call.Form?.Location,
            call.Form?.Text));
        return SchemeUnspecified.Instance;
    }
}
