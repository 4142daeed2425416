using Sandboxer.Events;
using Sandboxer.Sbpl.Engine;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Analysis.Diff;

/// <summary>
/// The semantic difference of two profiles, computed with the engine rather than from their text: for every concrete
/// operation, both profiles decide a boundary set of targets — every literal, subpath and prefix root of either
/// profile, a child and a near miss of each (<c>/ab</c> beside <c>/a</c>), a string each regex matches, every name and
/// port, and one target no filter names — and each target one allows and the other denies is a difference.
/// Differences shared by every operation under a wildcard are reported once for the wildcard; a subpath whose root and
/// child differ the same way is reported as the subpath. Reordering rules that do not overlap changes nothing.
/// </summary>
public static class ProfileDiff
{
    private const string OtherPath = "/sandboxer-diff-unnamed/x";
    private const string OtherName = "sandboxer.diff.unnamed";
    private const string ChildName = "sandboxer-diff-child";

    public static DiffResult Compare(Profile a, Profile b) => Compare(PolicyEngine.Compile(a), PolicyEngine.Compile(b));

    public static DiffResult Compare(PolicyEngine a, PolicyEngine b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var probes = new ProbeSet([a, b]);
        var raw = new List<DiffEntry>();
        foreach (var operation in ProbedOperations(a.Profile, b.Profile))
        {
            var found = new List<DiffEntry>();
            var count = 0;
            foreach (var (request, target) in probes.For(operation))
            {
                count++;
                var inA = a.Decide(request);
                var inB = b.Decide(request);
                if (inA.Action != inB.Action)
                {
                    found.Add(new DiffEntry(operation, target, inA.IsAllowed ? DiffSide.A : DiffSide.B, inA, inB));
                }
            }

            // Every target differing the same way: the operation differs as a whole.
            var whole = found.Count == count && count > 1 && found.All(e => e.AllowedBy == found[0].AllowedBy);
            raw.AddRange(whole ? [(found.FirstOrDefault(e => e.Target == DiffTarget.Other) ?? found[0]) with { Target = DiffTarget.Other }] : found);
        }

        var merged = MergeSubpaths(raw, probes);
        return new DiffResult(GroupByWildcard(merged, ProbedOperations(a.Profile, b.Profile).ToHashSet(StringComparer.Ordinal)));
    }

    /// <summary>Concrete operations: every known one that is not a wildcard, plus unknown ones either profile names.</summary>
    private static IEnumerable<string> ProbedOperations(Profile a, Profile b) =>
        OperationCatalog.All.Where(o => !o.Name.EndsWith('*') && o.Name != OperationCatalog.Default).Select(o => o.Name)
            .Concat(a.Rules.Concat(b.Rules).SelectMany(r => r.Operations).Select(OperationCatalog.Canonicalize)
                .Where(o => !OperationCatalog.Get(o).IsKnown && !o.EndsWith('*')))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);

    /// <summary>A subpath root and its probe child differing the same way become one <c>subpath</c> entry.</summary>
    private static List<DiffEntry> MergeSubpaths(List<DiffEntry> entries, ProbeSet probes)
    {
        var byKey = entries.ToDictionary(e => (e.Operation, e.Target.Kind, e.Target.Value, e.AllowedBy));
        var removed = new HashSet<DiffEntry>();
        var result = new List<DiffEntry>();
        foreach (var entry in entries)
        {
            if (removed.Contains(entry))
            {
                continue;
            }

            if (entry.Target.Kind == "path" && probes.SubpathRoots.Contains(entry.Target.Value)
                && byKey.TryGetValue((entry.Operation, "path", ChildOf(entry.Target.Value), entry.AllowedBy), out var child))
            {
                removed.Add(child);
                result.Add(entry with { Target = entry.Target with { Scope = "subpath" } });
                continue;
            }

            if (entry.Target.Kind == "path" && probes.PrefixRoots.Contains(entry.Target.Value)
                && byKey.TryGetValue((entry.Operation, "path", entry.Target.Value + "x", entry.AllowedBy), out var longer))
            {
                removed.Add(longer);
                result.Add(entry with { Target = entry.Target with { Scope = "prefix" } });
                continue;
            }

            result.Add(entry);
        }

        return [.. result.Where(e => !removed.Contains(e))];
    }

    /// <summary>Replaces the entries of every concrete operation under a wildcard by one entry for the wildcard.</summary>
    private static List<DiffEntry> GroupByWildcard(List<DiffEntry> entries, HashSet<string> probed)
    {
        var wildcards = OperationCatalog.All.Where(o => o.Name.EndsWith('*') || o.Name == OperationCatalog.Default)
            .Select(o => (Name: o.Name, Covered: probed.Where(p => OperationChain.For(p).Any(c => c.Name == o.Name)).ToHashSet(StringComparer.Ordinal)))
            .Where(w => w.Covered.Count > 0)
            .OrderByDescending(w => w.Covered.Count)
            .ToList();
        var result = new List<DiffEntry>();
        foreach (var group in entries.GroupBy(e => (e.Target, e.AllowedBy)))
        {
            var remaining = group.ToDictionary(e => e.Operation, StringComparer.Ordinal);
            foreach (var (name, covered) in wildcards)
            {
                if (covered.All(remaining.ContainsKey))
                {
                    var representative = remaining[covered.Order(StringComparer.Ordinal).First()];
                    foreach (var operation in covered)
                    {
                        remaining.Remove(operation);
                    }

                    result.Add(representative with { Operation = name });
                }
            }

            result.AddRange(remaining.Values);
        }

        return [.. result.OrderBy(e => e.Operation, StringComparer.Ordinal).ThenBy(e => e.Target.Kind, StringComparer.Ordinal)
            .ThenBy(e => e.Target.Value, StringComparer.Ordinal).ThenBy(e => e.AllowedBy)];
    }

    private static string ChildOf(string path) => (path == "/" ? string.Empty : path) + "/" + ChildName;

    /// <summary>The targets to try, derived from the filters of both profiles.</summary>
    private sealed class ProbeSet
    {
        private readonly SortedSet<string> _paths = new(StringComparer.Ordinal) { OtherPath };
        private readonly SortedSet<string> _names = new(StringComparer.Ordinal) { OtherName };
        private readonly SortedSet<int> _ports = [9];
        private readonly Dictionary<string, SortedSet<string>> _attributes = new(StringComparer.Ordinal);

        public ProbeSet(IEnumerable<PolicyEngine> engines)
        {
            foreach (var engine in engines)
            {
                foreach (var rule in engine.Profile.Rules)
                {
                    if (rule.Filter is not null)
                    {
                        Collect(rule.Filter, engine);
                    }
                }
            }
        }

        public HashSet<string> SubpathRoots { get; } = new(StringComparer.Ordinal);

        public HashSet<string> PrefixRoots { get; } = new(StringComparer.Ordinal);

        public IEnumerable<(AccessRequest Request, DiffTarget Target)> For(string operation)
        {
            if (operation.StartsWith("file", StringComparison.Ordinal) || operation.StartsWith("process-exec", StringComparison.Ordinal)
                || operation.StartsWith("network", StringComparison.Ordinal))
            {
                foreach (var path in _paths)
                {
                    yield return (new AccessRequest(operation) { Path = path }, path == OtherPath ? DiffTarget.Other : new DiffTarget("path", path));
                }
            }

            if (operation.StartsWith("network", StringComparison.Ordinal))
            {
                var side = operation == "network-outbound" ? "remote" : "local";
                foreach (var endpoint in Endpoints())
                {
                    var request = side == "remote" ? new AccessRequest(operation) { Remote = endpoint } : new AccessRequest(operation) { Local = endpoint };
                    yield return (request, new DiffTarget(side, endpoint.ToString()));
                }

                yield break;
            }

            if (NameKinds.Classify(operation, PrimaryKind(operation)) == NameKindMatch.Exact)
            {
                foreach (var name in _names)
                {
                    yield return (new AccessRequest(operation) { Name = name }, name == OtherName ? DiffTarget.Other : new DiffTarget("name", name));
                }

                yield break;
            }

            if (operation == "signal")
            {
                var targets = _attributes.GetValueOrDefault("target") ?? [];
                foreach (var target in targets.Append(OtherName))
                {
                    var request = new AccessRequest(operation) { Attributes = new Dictionary<string, IReadOnlyList<string>> { ["target"] = [target] } };
                    yield return (request, target == OtherName ? DiffTarget.Other : new DiffTarget("signal-target", target));
                }

                yield break;
            }

            if (!operation.StartsWith("file", StringComparison.Ordinal) && !operation.StartsWith("process-exec", StringComparison.Ordinal))
            {
                yield return (new AccessRequest(operation), DiffTarget.Other);
            }
        }

        private static string PrimaryKind(string operation) => operation switch
        {
            _ when operation.StartsWith("mach", StringComparison.Ordinal) => "global-name",
            _ when operation.StartsWith("sysctl", StringComparison.Ordinal) => "sysctl-name",
            _ when operation.StartsWith("ipc-posix", StringComparison.Ordinal) => "ipc-posix-name",
            _ when operation.StartsWith("user-preference", StringComparison.Ordinal) || operation.StartsWith("managed-preference", StringComparison.Ordinal) => "preference-domain",
            _ when operation.StartsWith("iokit", StringComparison.Ordinal) => "iokit-registry-entry-class",
            _ when operation.EndsWith("notification-post", StringComparison.Ordinal) => "notification-name",
            _ when operation.StartsWith("nvram", StringComparison.Ordinal) => "nvram-variable",
            _ when operation.StartsWith("system-kext", StringComparison.Ordinal) => "kext-bundle-id",
            "authorization-right-obtain" => "right-name",
            "appleevent-send" => "appleevent-destination",
            _ => string.Empty,
        };

        private IEnumerable<NetworkEndpoint> Endpoints()
        {
            foreach (var proto in new[] { "tcp", "udp" })
            {
                foreach (var host in new[] { "127.0.0.1", "::1", "192.0.2.1" })
                {
                    foreach (var port in _ports)
                    {
                        yield return new NetworkEndpoint(proto, host, port);
                    }
                }
            }
        }

        private void Collect(Filter filter, PolicyEngine engine)
        {
            switch (filter)
            {
                case PathFilter path:
                    CollectPath(path, engine);
                    break;
                case NameFilter name:
                    AddName(name.Value);
                    if (name.Match == NameMatch.Regex && Witness(name.Value, engine) is { } nameWitness)
                    {
                        _names.Add(nameWitness.StartsWith("/x/", StringComparison.Ordinal) ? nameWitness[3..] : nameWitness);
                    }

                    break;
                case NetworkFilter { Port: { } port }:
                    _ports.Add(port);
                    break;
                case AttributeFilter attribute:
                    if (!_attributes.TryGetValue(attribute.Name, out var values))
                    {
                        _attributes[attribute.Name] = values = new SortedSet<string>(StringComparer.Ordinal);
                    }

                    values.UnionWith(attribute.Values);
                    break;
                case RequireAll all:
                    foreach (var part in all.Filters)
                    {
                        Collect(part, engine);
                    }

                    break;
                case RequireAny any:
                    foreach (var part in any.Filters)
                    {
                        Collect(part, engine);
                    }

                    break;
                case RequireNot not:
                    Collect(not.Filter, engine);
                    break;
            }
        }

        private void AddName(string value)
        {
            _names.Add(value);
            _names.Add(value + "x");
            if (value.Length > 1)
            {
                _names.Add(value[..^1]);
            }
        }

        private void CollectPath(PathFilter filter, PolicyEngine engine)
        {
            var pattern = filter.Pattern;
            switch (filter.Match)
            {
                case PathMatch.Literal:
                    AddPath(pattern);
                    AddPath(pattern + "x");
                    AddPath(ChildOf(pattern));
                    AddPath(Parent(pattern));
                    break;
                case PathMatch.Subpath:
                    var root = PathMatching.NormalizeSubpath(pattern);
                    root = root.Length == 0 ? "/" : root;
                    SubpathRoots.Add(root);
                    AddPath(root);
                    AddPath(ChildOf(root));
                    AddPath(root + "x");
                    AddPath(Parent(root));
                    break;
                case PathMatch.Prefix:
                    PrefixRoots.Add(pattern);
                    AddPath(pattern);
                    AddPath(pattern + "x");
                    AddPath(ChildOf(pattern));
                    if (pattern.Length > 1)
                    {
                        AddPath(pattern[..^1]);
                    }

                    break;
                default:
                    if (Witness(pattern, engine) is { } witness)
                    {
                        AddPath(witness);
                        AddPath(witness + "x");
                    }

                    break;
            }
        }

        private static string? Witness(string pattern, PolicyEngine engine)
        {
            var witness = RegexWitness.Generate(pattern);
            var regex = engine.Evaluator.Regex(pattern);
            return witness is not null && regex.IsSupported && regex.IsMatch(witness) ? witness : null;
        }

        private void AddPath(string path)
        {
            if (path.Length > 0)
            {
                _paths.Add(path);
            }
        }

        private static string Parent(string path)
        {
            var cut = path.TrimEnd('/').LastIndexOf('/');
            return cut <= 0 ? "/" : path[..cut];
        }
    }
}
