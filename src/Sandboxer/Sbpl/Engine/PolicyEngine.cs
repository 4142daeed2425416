using System.Collections.Concurrent;
using System.Globalization;
using Sandboxer.Collections;
using Sandboxer.Diagnostics;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Sbpl.Engine;

/// <summary>
/// Decides accesses against an evaluated profile the way Seatbelt does (docs/sbpl-language.md §2e):
/// <list type="number">
/// <item>each operation has its own rules; when none of them decides, its fallback parent's rules do, up to
/// <c>default</c>; a terminal operation uses its built-in decision instead of falling back;</item>
/// <item>among the matching filtered rules of one operation the textually last wins;</item>
/// <item>unfiltered rules are the operation's fall-through: they never beat a matching filtered rule of the same
/// operation, in either order, and the last unfiltered rule wins among themselves;</item>
/// <item>so a rule naming the operation beats one reaching it through a wildcard parent.</item>
/// </list>
/// <see cref="Compile"/> indexes every operation's rules (a path-component trie for literal/subpath/prefix, a
/// dictionary for exact names, precompiled regexes); <see cref="Decide"/> is thread-safe and allocates nothing for a
/// certain decision. Filters the request cannot answer, unsupported constructs and unresolved imports make a decision
/// undecidable (<see cref="Decision.Uncertainties"/>) instead of guessed.
/// </summary>
public sealed class PolicyEngine
{
    private readonly Dictionary<string, List<Rule>> _rulesByOperation;
    private readonly ConcurrentDictionary<string, CompiledChain> _chains = new(StringComparer.Ordinal);
    // Uncertainties from causes that do not depend on the request, built once per rule entry.
    private readonly ConcurrentDictionary<(RuleEntry Entry, UnknownCause Cause), Uncertainty> _uncertainties = new();
    private readonly ConcurrentDictionary<(string Operation, UnresolvedImport Import, RuleAction Opposite), Uncertainty> _importUncertainties = new();
    private readonly ConcurrentDictionary<DecisionKey, Decision> _undecidable = new();
    private readonly FilterEvaluator _evaluator;
    private readonly int _stride;

    private PolicyEngine(Profile profile, Dictionary<string, List<Rule>> rulesByOperation, FilterEvaluator evaluator, IReadOnlyList<Diagnostic> diagnostics)
    {
        Profile = profile;
        _rulesByOperation = rulesByOperation;
        _evaluator = evaluator;
        Diagnostics = diagnostics;
        _stride = profile.Rules.Count + 1;
    }

    public Profile Profile { get; }

    /// <summary>Problems found while compiling (SBPL3xxx): regexes that cannot be translated, unconfirmed constructs.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    internal FilterEvaluator Evaluator => _evaluator;

    public static PolicyEngine Compile(Profile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var rulesByOperation = new Dictionary<string, List<Rule>>(StringComparer.Ordinal);
        var regexes = new Dictionary<string, RegexTranslation>(StringComparer.Ordinal);
        var diagnostics = new List<Diagnostic>();
        foreach (var rule in profile.Rules)
        {
            foreach (var operation in rule.Operations.Select(OperationCatalog.Canonicalize).Distinct(StringComparer.Ordinal))
            {
                if (!rulesByOperation.TryGetValue(operation, out var list))
                {
                    rulesByOperation[operation] = list = [];
                }

                list.Add(rule);
            }

            if (rule.Filter is not null)
            {
                CompileRegexes(rule, rule.Filter, regexes, diagnostics);
            }
        }

        return new PolicyEngine(profile, rulesByOperation, new FilterEvaluator(regexes), diagnostics);
    }

    /// <summary>Decides one request.</summary>
    public Decision Decide(AccessRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var chain = GetChain(request.Operation);
        var unknowns = default(SmallList<(RuleEntry Entry, UnknownCause Cause)>);
        var best = request.HasTarget ? FindWithTarget(chain, request, ref unknowns) : FindWithoutTarget(chain, request, ref unknowns);
        var decision = best?.Decision ?? chain.FallThrough;
        if (unknowns.Count == 0 && Profile.UnresolvedImports.IsEmpty)
        {
            return decision;
        }

        var uncertainties = default(SmallList<Uncertainty>);
        var shared = true;
        for (var i = 0; i < unknowns.Count; i++)
        {
            var (entry, cause) = unknowns[i];
            if ((best is not null && entry.Rank >= best.Rank) || entry.Rule.Action == decision.Action || Contains(uncertainties, entry.Rule))
            {
                continue;
            }

            shared &= cause.IsShared;
            uncertainties.Add(!cause.IsShared ? Describe((entry, cause))
                : _uncertainties.TryGetValue((entry, cause), out var known) ? known
                : _uncertainties.GetOrAdd((entry, cause), Describe));
        }

        foreach (var import in Profile.UnresolvedImports)
        {
            if (best is null || best.Level != 0 || best.Rule.Index < import.RuleIndex)
            {
                var opposite = decision.Action == RuleAction.Allow ? RuleAction.Deny : RuleAction.Allow;
                var key = (chain.Operation, import, opposite);
                uncertainties.Add(_importUncertainties.TryGetValue(key, out var known) ? known : _importUncertainties.GetOrAdd(key, DescribeImport));
            }
        }

        if (uncertainties.Count == 0)
        {
            return decision;
        }

        if (!shared || uncertainties.Count > 4)
        {
            return decision with { Uncertainties = [.. uncertainties.ToArray()] };
        }

        var decisionKey = new DecisionKey(
            decision,
            uncertainties[0],
            uncertainties.Count > 1 ? uncertainties[1] : null,
            uncertainties.Count > 2 ? uncertainties[2] : null,
            uncertainties.Count > 3 ? uncertainties[3] : null);
        if (_undecidable.TryGetValue(decisionKey, out var cached))
        {
            return cached;
        }

        return _undecidable.GetOrAdd(decisionKey, decision with { Uncertainties = [.. uncertainties.ToArray()] });
    }

    private static bool Contains(SmallList<Uncertainty> uncertainties, Rule rule)
    {
        for (var i = 0; i < uncertainties.Count; i++)
        {
            if (ReferenceEquals(uncertainties[i].Rule, rule))
            {
                return true;
            }
        }

        return false;
    }

    private static Uncertainty DescribeImport((string Operation, UnresolvedImport Import, RuleAction Opposite) key) => new(
        UncertaintyKind.UnresolvedImport,
        $"(import \"{key.Import.Name}\") could not be read; its rules could decide {key.Operation} before the rule that did",
        key.Opposite,
        Import: key.Import);

    private static Uncertainty Describe((RuleEntry Entry, UnknownCause Cause) unknown) =>
        new(unknown.Cause.Kind, DescribeRule(unknown.Entry.Rule) + ": " + unknown.Cause.Message, unknown.Entry.Rule.Action, unknown.Entry.Rule);

    /// <summary>The operations, nearest first, whose rules can decide <paramref name="operation"/> in this profile.</summary>
    internal IReadOnlyList<string> LevelsOf(string operation) => GetChain(operation).Levels;

    internal static string DescribeRule(Rule rule) => rule.Location is { } location
        ? string.Create(CultureInfo.InvariantCulture, $"rule at {location.Path}:{location.Start.Line}:{location.Start.Column}")
        : string.Create(CultureInfo.InvariantCulture, $"rule #{rule.Index + 1}");

    private static void CompileRegexes(Rule rule, Filter filter, Dictionary<string, RegexTranslation> regexes, List<Diagnostic> diagnostics)
    {
        switch (filter)
        {
            case PathFilter { Match: PathMatch.Regex } path:
                AddRegex(rule, path.Pattern, regexes, diagnostics);
                break;
            case NameFilter { Match: NameMatch.Regex } name:
                AddRegex(rule, name.Value, regexes, diagnostics);
                break;
            case RequireAll all:
                foreach (var part in all.Filters)
                {
                    CompileRegexes(rule, part, regexes, diagnostics);
                }

                break;
            case RequireAny any:
                foreach (var part in any.Filters)
                {
                    CompileRegexes(rule, part, regexes, diagnostics);
                }

                break;
            case RequireNot not:
                CompileRegexes(rule, not.Filter, regexes, diagnostics);
                break;
        }
    }

    private static void AddRegex(Rule rule, string pattern, Dictionary<string, RegexTranslation> regexes, List<Diagnostic> diagnostics)
    {
        if (!regexes.TryGetValue(pattern, out var translation))
        {
            translation = AppleMatchRegex.Translate(pattern);
            regexes[pattern] = translation;
        }
        else
        {
            return;
        }

        if (translation.Error is { } error)
        {
            diagnostics.Add(new Diagnostic(
                EngineDiagnostics.UnsupportedRegex,
                DiagnosticSeverity.Warning,
                $"regex {FilterText.Quote(pattern)} cannot be matched like macOS would: {error}; decisions it could change are reported as undecidable",
                rule.Location));
        }

        foreach (var warning in translation.Warnings)
        {
            diagnostics.Add(new Diagnostic(EngineDiagnostics.UnconfirmedRegex, DiagnosticSeverity.Warning, $"regex {FilterText.Quote(pattern)}: {warning}", rule.Location));
        }
    }

    private CompiledChain GetChain(string operation) =>
        _chains.TryGetValue(operation, out var chain) ? chain : _chains.GetOrAdd(operation, BuildChain);

    private CompiledChain BuildChain(string requested)
    {
        var canonical = OperationCatalog.Canonicalize(requested);
        var infos = OperationChain.For(canonical);
        var levels = new List<string>();
        var entries = new List<RuleEntry>();
        Decision? fallThrough = null;
        for (var level = 0; level < infos.Count && fallThrough is null; level++)
        {
            var info = infos[level];
            levels.Add(info.Name);
            Rule? lastUnfiltered = null;
            foreach (var rule in _rulesByOperation.GetValueOrDefault(info.Name) ?? [])
            {
                if (rule.Filter is null)
                {
                    lastUnfiltered = rule;
                }
                else
                {
                    var rank = (level * _stride) + (_stride - 1 - rule.Index);
                    entries.Add(new RuleEntry(rank, level, rule, new Decision(rule.Action, DecisionReason.Rule, info.Name, rule, [])));
                }
            }

            if (lastUnfiltered is not null)
            {
                var reason = info.Name == OperationCatalog.Default ? DecisionReason.ProfileDefault : DecisionReason.OperationDefault;
                fallThrough = new Decision(lastUnfiltered.Action, reason, info.Name, lastUnfiltered, []);
            }
            else if (info.IsTerminal || info.Fallback is null)
            {
                fallThrough = new Decision(OperationChain.BuiltinAction(info), DecisionReason.Builtin, info.Name, null, []);
            }
        }

        fallThrough ??= new Decision(RuleAction.Deny, DecisionReason.Builtin, levels[^1], null, []);
        entries.Sort((a, b) => a.Rank.CompareTo(b.Rank));

        var trie = new PathTrie();
        var pathOthers = new List<RuleAlternative>();
        var exactNames = new Dictionary<string, RuleEntry>(StringComparer.Ordinal);
        var nameOthers = new List<RuleAlternative>();
        var others = new List<RuleAlternative>();
        foreach (var entry in entries)
        {
            foreach (var alternative in Alternatives(entry.Rule.Filter!))
            {
                switch (alternative)
                {
                    case PathFilter { Match: PathMatch.Regex } regex:
                        if (!trie.AddRegex(_evaluator.Regex(regex.Pattern), entry))
                        {
                            pathOthers.Add(new RuleAlternative(entry, regex));
                        }

                        break;
                    case PathFilter path:
                        if (!trie.Add(path.Match, path.Pattern, entry))
                        {
                            pathOthers.Add(new RuleAlternative(entry, path));
                        }

                        break;
                    case NameFilter { Match: NameMatch.Exact } name when NameKinds.Classify(canonical, name.Kind) == NameKindMatch.Exact:
                        if (!exactNames.TryGetValue(name.Value, out var existing) || entry.Rank < existing.Rank)
                        {
                            exactNames[name.Value] = entry;
                        }

                        break;
                    case NameFilter name when NameKinds.IsTargetName(name.Kind):
                        nameOthers.Add(new RuleAlternative(entry, name));
                        break;
                    default:
                        others.Add(new RuleAlternative(entry, alternative));
                        break;
                }
            }
        }

        return new CompiledChain(canonical, levels, fallThrough, trie, [.. pathOthers], exactNames, [.. nameOthers], [.. others], [.. entries]);
    }

    /// <summary>The parts of a top-level <c>require-any</c> (nested ones flattened), or the filter itself.</summary>
    private static IEnumerable<Filter> Alternatives(Filter filter)
    {
        if (filter is not RequireAny any)
        {
            yield return filter;
            yield break;
        }

        foreach (var part in any.Filters)
        {
            foreach (var alternative in Alternatives(part))
            {
                yield return alternative;
            }
        }
    }

    private RuleEntry? FindWithTarget(CompiledChain chain, AccessRequest request, ref SmallList<(RuleEntry Entry, UnknownCause Cause)> unknowns)
    {
        RuleEntry? best = null;
        if (request.Path is { } path)
        {
            best = chain.Trie.FindBest(path, best);
            best = Scan(chain.PathOthers, chain, request, best, ref unknowns);
        }

        if (request.Name is { } name)
        {
            if (chain.ExactNames.TryGetValue(name, out var exact) && (best is null || exact.Rank < best.Rank))
            {
                best = exact;
            }

            best = Scan(chain.NameOthers, chain, request, best, ref unknowns);
        }

        return Scan(chain.Others, chain, request, best, ref unknowns);
    }

    /// <summary>Evaluates alternatives that could beat <paramref name="best"/>, in rank order; the first true one wins.</summary>
    private RuleEntry? Scan(RuleAlternative[] alternatives, CompiledChain chain, AccessRequest request, RuleEntry? best, ref SmallList<(RuleEntry Entry, UnknownCause Cause)> unknowns)
    {
        foreach (var (entry, filter) in alternatives)
        {
            if (best is not null && entry.Rank >= best.Rank)
            {
                break;
            }

            UnknownCause? cause = null;
            var truth = _evaluator.Evaluate(filter, request, chain.Operation, ref cause);
            if (truth == Truth.Unknown && !ReferenceEquals(filter, entry.Rule.Filter))
            {
                // Another part of the same rule may still match it.
                truth = _evaluator.Evaluate(entry.Rule.Filter!, request, chain.Operation, ref cause);
            }

            if (truth == Truth.True)
            {
                return entry;
            }

            if (truth == Truth.Unknown)
            {
                unknowns.Add((entry, cause!));
            }
        }

        return best;
    }

    private RuleEntry? FindWithoutTarget(CompiledChain chain, AccessRequest request, ref SmallList<(RuleEntry Entry, UnknownCause Cause)> unknowns)
    {
        foreach (var entry in chain.Entries)
        {
            UnknownCause? cause = null;
            var truth = _evaluator.Evaluate(entry.Rule.Filter!, request, chain.Operation, ref cause);
            if (truth == Truth.True)
            {
                return entry;
            }

            if (truth == Truth.Unknown)
            {
                unknowns.Add((entry, cause!));
            }
        }

        return null;
    }
}
