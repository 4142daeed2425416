using Sandboxer.Sbpl.Engine;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Tests.Sbpl.Engine;

/// <summary>
/// The oracle for <see cref="PolicyEngine"/>: a plain linear scan over the profile's rules, written straight from the
/// semantics (per-operation rules, last matching filtered rule wins, unfiltered rules are the fall-through, fallback
/// to the parent, terminal built-ins). Leaf filters other than literal/subpath/prefix reuse the engine's evaluator.
/// </summary>
internal sealed class ReferenceEngine(Profile profile)
{
    private readonly FilterEvaluator _leaves = PolicyEngine.Compile(profile).Evaluator;

    public ReferenceDecision Decide(AccessRequest request)
    {
        var operation = OperationCatalog.Canonicalize(request.Operation);
        var unknownRules = new List<Rule>();
        var info = OperationCatalog.Get(operation);
        for (var guard = 0; guard < 20; guard++)
        {
            var rules = profile.Rules.Where(r => r.Operations.Select(OperationCatalog.Canonicalize).Contains(info.Name)).ToList();
            for (var i = rules.Count - 1; i >= 0; i--)
            {
                if (rules[i].Filter is not { } filter)
                {
                    continue;
                }

                var truth = Evaluate(filter, request, operation);
                if (truth == Truth.True)
                {
                    return Finish(rules[i].Action, DecisionReason.Rule, info.Name, rules[i], unknownRules);
                }

                if (truth == Truth.Unknown)
                {
                    unknownRules.Add(rules[i]);
                }
            }

            if (rules.LastOrDefault(r => r.Filter is null) is { } unfiltered)
            {
                var reason = info.Name == "default" ? DecisionReason.ProfileDefault : DecisionReason.OperationDefault;
                return Finish(unfiltered.Action, reason, info.Name, unfiltered, unknownRules);
            }

            if (info.IsTerminal || info.Fallback is null)
            {
                var action = info.Terminal == TerminalDefault.Allow ? RuleAction.Allow : RuleAction.Deny;
                return Finish(action, DecisionReason.Builtin, info.Name, null, unknownRules);
            }

            info = OperationCatalog.Get(info.Fallback);
        }

        throw new InvalidOperationException("fallback chain too long for " + operation);
    }

    private static ReferenceDecision Finish(RuleAction action, DecisionReason reason, string decidedBy, Rule? rule, List<Rule> unknownRules) =>
        new(action, reason, decidedBy, rule?.Index, [.. unknownRules.Where(r => r.Action != action).Select(r => r.Index).Distinct().Order()]);

    private Truth Evaluate(Filter filter, AccessRequest request, string operation)
    {
        switch (filter)
        {
            case RequireAll all:
                var allTruths = all.Filters.Select(f => Evaluate(f, request, operation)).ToList();
                return allTruths.Contains(Truth.False) ? Truth.False : allTruths.Contains(Truth.Unknown) ? Truth.Unknown : Truth.True;
            case RequireAny any:
                var anyTruths = any.Filters.Select(f => Evaluate(f, request, operation)).ToList();
                return anyTruths.Contains(Truth.True) ? Truth.True : anyTruths.Contains(Truth.Unknown) ? Truth.Unknown : Truth.False;
            case RequireNot not:
                var inner = Evaluate(not.Filter, request, operation);
                return inner == Truth.Unknown ? Truth.Unknown : inner == Truth.True ? Truth.False : Truth.True;
            case PathFilter { Match: not PathMatch.Regex } path when request.Path is { } p:
                return PlainMatch(path, p) ? Truth.True : Truth.False;
            default:
                UnknownCause? cause = null;
                return _leaves.Evaluate(filter, request, operation, ref cause);
        }
    }

    private static bool PlainMatch(PathFilter filter, string path)
    {
        switch (filter.Match)
        {
            case PathMatch.Literal:
                return path == filter.Pattern;
            case PathMatch.Prefix:
                return path.StartsWith(filter.Pattern, StringComparison.Ordinal);
            default:
                var root = filter.Pattern;
                while (root.EndsWith('/'))
                {
                    root = root[..^1];
                }

                return root.Length == 0
                    ? path.StartsWith('/')
                    : path == root || path.StartsWith(root + "/", StringComparison.Ordinal);
        }
    }
}

internal sealed record ReferenceDecision(RuleAction Action, DecisionReason Reason, string DecidedBy, int? RuleIndex, int[] AlternativeRules)
{
    public static ReferenceDecision From(Decision decision) => new(
        decision.Action,
        decision.Reason,
        decision.DecidedBy,
        decision.Rule?.Index,
        [.. decision.Uncertainties.Where(u => u.Rule is not null).Select(u => u.Rule!.Index).Distinct().Order()]);

    public bool Equals(ReferenceDecision? other) =>
        other is not null && Action == other.Action && Reason == other.Reason && DecidedBy == other.DecidedBy
        && RuleIndex == other.RuleIndex && AlternativeRules.SequenceEqual(other.AlternativeRules);

    public override int GetHashCode() => HashCode.Combine(Action, Reason, DecidedBy, RuleIndex);

    public override string ToString() =>
        $"{Action} {Reason} by {DecidedBy} rule {RuleIndex?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} alt [{string.Join(",", AlternativeRules)}]";
}
