using Sandboxer.Sbpl.Engine;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Platforms.Linux.Landlock.Compilation;

/// <summary>
/// Asks the decision engine about single paths and about whole directory regions. A region question ("is
/// <c>file-read-data</c> allowed for every path below <c>D</c>?") is answered by the engine itself on a rewritten
/// profile in which each path filter is replaced by its classification over the region: a filter matching every path
/// becomes one matching the representative request, a filter matching none one that never matches, and a filter
/// matching only some an attribute the request leaves unknown. The engine's three-valued logic, ordering, fallback and
/// terminal defaults then decide, and an uncertain answer means the region is mixed (the caller splits it).
/// Rewritten engines are cached by classification vector.
/// </summary>
internal sealed class ProfileOracle
{
    /// <summary>The path every region question asks about; rewritten filters match it or not by construction.</summary>
    internal const string RepresentativePath = "/\u0001sandboxer/region";

    private const string NeverPath = "/\u0001sandboxer/never";
    private const string PartialAttribute = "sandboxer-region-partial";

    /// <summary>Operations region questions are asked about; only rules on their fallback chains can decide them.</summary>
    private static readonly HashSet<string> RegionOperations =
    [
        .. new[] { "file-read-data", "file-write-data", "process-exec", "file-ioctl", "file-write-create", "file-write-unlink", "file-mknod", "network-outbound", "file-read-metadata", "file-read-xattr", "file-write-mode", "file-write-owner", "file-write-times", "file-write-xattr", "file-write-flags", "file-map-executable" }
            .SelectMany(OperationCatalog.Chain)
            .Select(o => o.Name),
    ];

    private readonly List<Rule> _regionRules;
    private readonly List<PathFilter> _leaves;
    private readonly Dictionary<string, PolicyEngine> _regionEngines = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Operation, string Directory), Decision> _regionDecisions = [];
    private readonly Dictionary<string, PolicyEngine> _enginesByDirectory = new(StringComparer.Ordinal);

    public ProfileOracle(Profile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        Profile = profile;
        Engine = PolicyEngine.Compile(profile);
        // Rules of other operations (mach-lookup, sysctl-read, …) cannot decide a path question; leaving them out keeps
        // the rewritten engines small (their name regexes are not compiled again for every region).
        _regionRules = [.. profile.Rules.Where(r => r.Operations.Any(op => RegionOperations.Contains(OperationCatalog.Canonicalize(op))))];
        _leaves = [.. _regionRules.Where(r => r.Filter is not null).SelectMany(r => Leaves(r.Filter!)).Distinct()];
    }

    public Profile Profile { get; }

    public PolicyEngine Engine { get; }

    /// <summary>The decision for one existing path of a known type (<c>vnode-type</c> value).</summary>
    public Decision DecidePath(string operation, string path, string? vnodeType)
    {
        var request = new AccessRequest(operation)
        {
            Path = path,
            Attributes = vnodeType is null ? null : new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { ["vnode-type"] = [vnodeType] },
        };
        return Engine.Decide(request);
    }

    /// <summary>True when the profile certainly allows <paramref name="operation"/> on the path.</summary>
    public bool AllowsPath(string operation, string path, string? vnodeType) => !DecidePath(operation, path, vnodeType).MayBeDenied;

    /// <summary>
    /// The decision for every strict descendant of <paramref name="directory"/> at once. Certain and allowed: all
    /// allowed. Certain and denied: all denied. Uncertain: the region is mixed.
    /// </summary>
    public Decision DecideRegion(string operation, string directory)
    {
        if (_regionDecisions.TryGetValue((operation, directory), out var cached))
        {
            return cached;
        }

        if (!_enginesByDirectory.TryGetValue(directory, out var engine))
        {
            var truths = _leaves.Select(leaf => RegionClassifier.Classify(leaf, directory)).ToArray();
            var key = string.Concat(truths.Select(t => (char)('0' + (int)t)));
            if (!_regionEngines.TryGetValue(key, out engine))
            {
                var map = new Dictionary<PathFilter, RegionTruth>();
                for (var i = 0; i < _leaves.Count; i++)
                {
                    map[_leaves[i]] = truths[i];
                }

                var rules = _regionRules.Select(rule => rule.Filter is null ? rule : rule with { Filter = Rewrite(rule.Filter, map) });
                engine = PolicyEngine.Compile(new Profile([.. rules], Profile.UnresolvedImports));
                _regionEngines[key] = engine;
            }

            _enginesByDirectory[directory] = engine;
        }

        var decision = engine.Decide(new AccessRequest(operation) { Path = RepresentativePath });
        _regionDecisions[(operation, directory)] = decision;
        return decision;
    }

    /// <summary>The decision for an operation regardless of path: every path filter counts as matching only some paths.</summary>
    public Decision DecideAnyPath(string operation)
    {
        const string key = "any";
        if (!_regionEngines.TryGetValue(key, out var engine))
        {
            var map = _leaves.ToDictionary(leaf => leaf, leaf => leaf is { Match: PathMatch.Subpath, Pattern: "/" } ? RegionTruth.All : RegionTruth.Some);
            var rules = _regionRules.Select(rule => rule.Filter is null ? rule : rule with { Filter = Rewrite(rule.Filter, map) });
            engine = PolicyEngine.Compile(new Profile([.. rules], Profile.UnresolvedImports));
            _regionEngines[key] = engine;
        }

        return engine.Decide(new AccessRequest(operation) { Path = RepresentativePath });
    }

    internal static IEnumerable<PathFilter> Leaves(Filter filter) => filter switch
    {
        PathFilter path => [path],
        RequireAll all => all.Filters.SelectMany(Leaves),
        RequireAny any => any.Filters.SelectMany(Leaves),
        RequireNot not => Leaves(not.Filter),
        _ => [],
    };

    /// <summary>Path leaves that are not under a <c>require-not</c>: the paths an allow rule really grants.</summary>
    internal static IEnumerable<PathFilter> PositiveLeaves(Filter filter) => filter switch
    {
        PathFilter path => [path],
        RequireAll all => all.Filters.SelectMany(PositiveLeaves),
        RequireAny any => any.Filters.SelectMany(PositiveLeaves),
        _ => [],
    };

    /// <summary>Whether <paramref name="rule"/> names <paramref name="operation"/> or an operation that covers it.</summary>
    internal static bool Covers(Rule rule, string operation) =>
        rule.Operations.Any(op => OperationCatalog.IsCoveredBy(operation, op));

    private static Filter Rewrite(Filter filter, Dictionary<PathFilter, RegionTruth> map) => filter switch
    {
        PathFilter path => map[path] switch
        {
            RegionTruth.All => new PathFilter(PathMatch.Literal, RepresentativePath),
            RegionTruth.None => new PathFilter(PathMatch.Literal, NeverPath),
            _ => new AttributeFilter(PartialAttribute, ["some"]),
        },
        RequireAll all => new RequireAll([.. all.Filters.Select(f => Rewrite(f, map))]),
        RequireAny any => new RequireAny([.. any.Filters.Select(f => Rewrite(f, map))]),
        RequireNot not => new RequireNot(Rewrite(not.Filter, map)),
        _ => filter,
    };
}
