using System.Globalization;
using Sandboxer.Collections;
using Sandboxer.Diagnostics;
using Sandboxer.Platforms.Linux.Landlock.Native;
using Sandboxer.Sbpl.Engine;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Platforms.Linux.Landlock.Compilation;

/// <summary>
/// Computes the path-beneath rules of a plan so that, for every handled right, whatever Landlock allows the profile
/// allows. It starts from the paths the profile's allow rules name (a prefix or regex starts from its literal
/// directory; an unfiltered allow from <c>/</c>), resolves them, and at each existing node grants exactly the rights
/// the engine says are allowed for the whole node: a file by its own decision, a directory only when the region below
/// it is uniformly allowed. A mixed directory (a deny carved out of it, a literal or pattern covering only some
/// entries) gets only what holds for all of it and is split into its existing entries, recursively, within a budget.
/// </summary>
internal sealed class FileSystemPlanner
{
    /// <summary>Creating an entry of a kind a program makes (not a device).</summary>
    internal const LandlockFsAccess CreateRights =
        LandlockFsAccess.MakeReg | LandlockFsAccess.MakeDir | LandlockFsAccess.MakeSym | LandlockFsAccess.MakeFifo | LandlockFsAccess.MakeSock;

    private const LandlockFsAccess DeviceCreateRights = LandlockFsAccess.MakeChar | LandlockFsAccess.MakeBlock;

    /// <summary>Removing an entry.</summary>
    internal const LandlockFsAccess RemoveRights = LandlockFsAccess.RemoveFile | LandlockFsAccess.RemoveDir;

    /// <summary>Rights of a directory rule decided over the directory's strict descendants, and the operations each needs.</summary>
    private static readonly (LandlockFsAccess Right, string[] Operations)[] RegionRights =
    [
        (LandlockFsAccess.ReadFile, ["file-read-data"]),
        (LandlockFsAccess.WriteFile | LandlockFsAccess.Truncate, ["file-write-data"]),
        (LandlockFsAccess.Execute, ["process-exec"]),
        (LandlockFsAccess.IoctlDev, ["file-ioctl"]),
        (CreateRights, ["file-write-create"]),
        (DeviceCreateRights, ["file-write-create", "file-mknod"]),
        (RemoveRights, ["file-write-unlink"]),
    ];

    /// <summary>Rights of a file rule and the operation each needs on the file itself.</summary>
    private static readonly (LandlockFsAccess Right, string Operation)[] FileRights =
    [
        (LandlockFsAccess.ReadFile, "file-read-data"),
        (LandlockFsAccess.WriteFile | LandlockFsAccess.Truncate, "file-write-data"),
        (LandlockFsAccess.Execute, "process-exec"),
        (LandlockFsAccess.IoctlDev, "file-ioctl"),
    ];

    /// <summary>Operations whose allow rules name paths worth starting from.</summary>
    private static readonly string[] RootOperations = ["file-read-data", "file-write-data", "process-exec", "file-ioctl", "file-write-create", "file-write-unlink"];

    private readonly ProfileOracle _oracle;
    private readonly LandlockFsAccess _handled;
    private readonly int _budget;
    private readonly DiagnosticSet _diagnostics;
    private readonly Dictionary<string, (LandlockFsAccess Access, bool IsDirectory, HashSet<int> Rules)> _rules = new(StringComparer.Ordinal);
    private readonly HashSet<string> _visited = new(StringComparer.Ordinal);
    private int _nodes;
    private bool _budgetReported;

    public FileSystemPlanner(ProfileOracle oracle, LandlockFsAccess handled, int budget, DiagnosticSet diagnostics)
    {
        _oracle = oracle;
        _handled = handled;
        _budget = budget;
        _diagnostics = diagnostics;
    }

    public IReadOnlyList<LandlockPathRule> Plan()
    {
        var roots = CollectRoots();
        foreach (var root in roots.OrderBy(r => r.Path.Length).ThenBy(r => r.Path, StringComparer.Ordinal))
        {
            Visit(root.Path, FileDescriptors.GetPathType(root.Path));
        }

        var rules = _rules
            .Where(pair => pair.Value.Access != LandlockFsAccess.None)
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => new LandlockPathRule(pair.Key, pair.Value.Access, pair.Value.IsDirectory, [.. pair.Value.Rules.Order()]))
            .ToList();
        return rules;
    }

    /// <summary>Resolved existing paths to start from, with the missing and per-process ones reported.</summary>
    private List<(string Path, Rule Rule)> CollectRoots()
    {
        var roots = new List<(string, Rule)>();
        foreach (var rule in _oracle.Profile.Rules.Where(r => r.Action == RuleAction.Allow && RootOperations.Any(op => ProfileOracle.Covers(r, op))))
        {
            if (rule.Filter is null)
            {
                roots.Add(("/", rule));
                continue;
            }

            foreach (var leaf in ProfileOracle.PositiveLeaves(rule.Filter))
            {
                var start = leaf.Match switch
                {
                    PathMatch.Literal or PathMatch.Subpath => leaf.Pattern,
                    PathMatch.Prefix => DirectoryOf(leaf.Pattern),
                    _ => RegexStart(leaf, rule),
                };
                if (start is null || !start.StartsWith('/'))
                {
                    continue;
                }

                if (IsPerProcess(start))
                {
                    _diagnostics.Warning(LandlockDiagnostics.MissingPath, rule,
                        $"{start} names a per-process /proc entry; the target's own entries cannot be granted before it exists, so the rule is not compiled (stricter)");
                    continue;
                }

                var resolved = FileDescriptors.RealPath(start);
                if (resolved is null)
                {
                    _diagnostics.Warning(LandlockDiagnostics.MissingPath, rule,
                        $"{start} does not exist at launch; Landlock needs an existing file to attach a rule to, so the rule is omitted (stricter)");
                    continue;
                }

                if (resolved != start.TrimEnd('/') && start != "/")
                {
                    _diagnostics.Info(LandlockDiagnostics.SymlinkedPath, rule,
                        $"{start} resolves to {resolved}; rules match resolved paths, so only what the profile allows for {resolved} is granted");
                }

                roots.Add((resolved, rule));
            }
        }

        return roots;
    }

    private string? RegexStart(PathFilter leaf, Rule rule)
    {
        var prefix = RegexPrefix.Analyze(leaf.Pattern);
        if (!prefix.Anchored || !prefix.Prefix.StartsWith('/'))
        {
            _diagnostics.Warning(LandlockDiagnostics.PatternNotExpanded, rule,
                $"the regex \"{leaf.Pattern}\" has no anchored literal directory to expand from; nothing is granted for it (stricter)");
            return null;
        }

        return prefix.Kind == RegexPrefixKind.LiteralEquivalent ? prefix.Prefix : DirectoryOf(prefix.Prefix);
    }

    private void Visit(string path, int type)
    {
        if (type < 0 || type == FileDescriptors.TypeSymlink || !_visited.Add(path))
        {
            return;
        }

        if (++_nodes > _budget)
        {
            if (!_budgetReported)
            {
                _budgetReported = true;
                _diagnostics.Warning(LandlockDiagnostics.BudgetExhausted, null, string.Create(CultureInfo.InvariantCulture,
                    $"expanding the profile's mixed directories visited more than {_budget} paths; the rest (from {path} on) is not granted (stricter)"));
            }

            return;
        }

        var inherited = InheritedAt(path);
        if (type != FileDescriptors.TypeDirectory)
        {
            VisitFile(path, type, inherited);
            return;
        }

        var granted = LandlockFsAccess.None;
        var split = false;
        var sources = new HashSet<int>();
        foreach (var (right, operations) in RegionRights)
        {
            if ((right & _handled) == LandlockFsAccess.None || (inherited & right & _handled) == (right & _handled))
            {
                continue;
            }

            var decisions = operations.Select(op => _oracle.DecideRegion(op, path)).ToList();
            if (decisions.All(d => !d.MayBeDenied))
            {
                granted |= right;
                AddSources(sources, decisions);
            }
            else if (!decisions.Any(d => d.IsCertain && !d.IsAllowed))
            {
                split = true;
                ReportSplit(path, decisions);
            }
        }

        if ((_handled & LandlockFsAccess.ReadDir) != 0 && (inherited & LandlockFsAccess.ReadDir) == 0)
        {
            var region = _oracle.DecideRegion("file-read-data", path);
            var self = _oracle.DecidePath("file-read-data", path, "DIRECTORY");
            if (!region.MayBeDenied && !self.MayBeDenied)
            {
                granted |= LandlockFsAccess.ReadDir;
                AddSources(sources, [region, self]);
            }
            else if (!(region.IsCertain && !region.IsAllowed))
            {
                split = true;
            }
        }

        if (((granted | inherited) & (LandlockFsAccess.MakeReg | LandlockFsAccess.RemoveFile)) != 0)
        {
            // Cross-directory rename and link; Landlock itself forbids gaining rights that way.
            granted |= LandlockFsAccess.Refer & _handled;
        }

        AddRule(path, granted & ~inherited, isDirectory: true, sources);
        if (split)
        {
            foreach (var child in Children(path))
            {
                Visit(child, FileDescriptors.GetPathType(child));
            }
        }
    }

    private void VisitFile(string path, int type, LandlockFsAccess inherited)
    {
        var vnode = type switch
        {
            FileDescriptors.TypeRegular => "REGULAR-FILE",
            FileDescriptors.TypeCharDevice => path.StartsWith("/dev/pts/", StringComparison.Ordinal) || Path.GetFileName(path).StartsWith("tty", StringComparison.Ordinal) ? "TTY" : "CHARACTER-DEVICE",
            FileDescriptors.TypeBlockDevice => "BLOCK-DEVICE",
            0x1000 => "FIFO",
            0xC000 => "SOCKET",
            _ => null,
        };
        var granted = LandlockFsAccess.None;
        var sources = new HashSet<int>();
        foreach (var (right, operation) in FileRights)
        {
            if ((right & _handled) == LandlockFsAccess.None || (inherited & right) == right)
            {
                continue;
            }

            var decision = _oracle.DecidePath(operation, path, vnode);
            if (!decision.MayBeDenied)
            {
                granted |= right;
                AddSources(sources, [decision]);
            }
        }

        AddRule(path, granted & ~inherited, isDirectory: false, sources);
    }

    private void AddRule(string path, LandlockFsAccess access, bool isDirectory, HashSet<int> sources)
    {
        access &= _handled;
        if (access == LandlockFsAccess.None)
        {
            return;
        }

        if (_rules.TryGetValue(path, out var existing))
        {
            existing.Rules.UnionWith(sources);
            _rules[path] = (existing.Access | access, isDirectory, existing.Rules);
        }
        else
        {
            _rules[path] = (access, isDirectory, sources);
        }
    }

    private LandlockFsAccess InheritedAt(string path)
    {
        var inherited = LandlockFsAccess.None;
        for (var parent = ParentOf(path); parent is not null; parent = ParentOf(parent))
        {
            if (_rules.TryGetValue(parent, out var rule) && rule.IsDirectory)
            {
                inherited |= rule.Access;
            }
        }

        return inherited;
    }

    private void ReportSplit(string path, IEnumerable<Decision> decisions)
    {
        foreach (var rule in decisions.SelectMany(d => d.Uncertainties).Select(u => u.Rule).OfType<Rule>())
        {
            if (rule.Action == RuleAction.Deny)
            {
                _diagnostics.Warning(LandlockDiagnostics.HolePunched, rule,
                    $"this deny covers part of {path}, which the profile otherwise allows; Landlock cannot subtract, so {path} was split into its existing entries and entries created directly in it later are not covered (stricter)");
            }
            else if (rule.Filter is not null && ProfileOracle.Leaves(rule.Filter).Any(l => l.Match is PathMatch.Regex or PathMatch.Prefix))
            {
                _diagnostics.Info(LandlockDiagnostics.PatternExpanded, rule,
                    $"the pattern was expanded over the existing entries of {path}; paths created later are not covered (stricter)");
            }
        }
    }

    private static void AddSources(HashSet<int> sources, IEnumerable<Decision> decisions)
    {
        foreach (var decision in decisions)
        {
            if (decision.Rule is { } rule)
            {
                sources.Add(rule.Index);
            }
        }
    }

    private static IEnumerable<string> Children(string directory)
    {
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateFileSystemEntries(directory).ToList();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        // Names that are not UTF-8 come back with U+FFFD and cannot be reopened: skip them (stricter). Per-process /proc
        // entries belong to other processes (the tool's own included), never to the target: nothing there is granted.
        return entries
            .Where(e => !e.Contains('\uFFFD', StringComparison.Ordinal))
            .Where(e => !(directory == "/proc" && (IsPerProcess(e) || Path.GetFileName(e).All(char.IsAsciiDigit))))
            .Order(StringComparer.Ordinal);
    }

    private static string DirectoryOf(string prefix)
    {
        var slash = prefix.LastIndexOf('/');
        return slash <= 0 ? "/" : prefix[..slash];
    }

    private static string? ParentOf(string path)
    {
        if (path == "/")
        {
            return null;
        }

        var slash = path.LastIndexOf('/');
        return slash <= 0 ? "/" : path[..slash];
    }

    private static bool IsPerProcess(string path) =>
        path == "/proc/self" || path.StartsWith("/proc/self/", StringComparison.Ordinal)
        || path == "/proc/thread-self" || path.StartsWith("/proc/thread-self/", StringComparison.Ordinal);
}
