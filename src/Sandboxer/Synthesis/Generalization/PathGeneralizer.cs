using Sandboxer.Analysis;
using System.Globalization;
using Sandboxer.Synthesis.Grants;
using Sandboxer.Synthesis.Paths;

namespace Sandboxer.Synthesis.Generalization;

/// <summary>
/// Turns the paths one operation used into as few patterns as the evidence allows. Steps, in order: the private
/// TMPDIR; sensitive paths (literal only, flagged); system locations and install trees (reads only); names that vary
/// between runs (tightest regex, else the parent subpath); directories listed and read, or created by the program;
/// more than <see cref="GeneralizationContext.ManyFilesThreshold"/> files in one directory; otherwise literals.
/// Nothing is widened to <c>/</c>, all of HOME, or into a sensitive location (<see cref="GeneralizationGuard"/>).
/// </summary>
public sealed class PathGeneralizer
{
    private readonly GeneralizationContext _context;
    private readonly GeneralizationGuard _guard;

    public PathGeneralizer(GeneralizationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _guard = new GeneralizationGuard(context);
    }

    public GeneralizationGuard Guard => _guard;

    public IReadOnlyList<GeneralizedPattern> Generalize(PathRole role, IReadOnlyList<PathUse> uses, ICollection<Refusal>? refusals = null, string operation = "")
    {
        ArgumentNullException.ThrowIfNull(uses);
        var remaining = uses.OrderBy(u => u.Path).ToList();
        var result = new List<GeneralizedPattern>();

        // A sensitive location the program reached only as a denial under enforcement stays denied: the mandatory deny
        // set is never relaxed while learning; the report says what the program wanted.
        foreach (var use in remaining.Where(u => u.OnlyDenied && _context.Sensitivity.ClassifyFor(u.AbsolutePath, role) is not null).ToList())
        {
            refusals?.Add(new Refusal(operation, use.Path.ToString(), "sensitive (" + _context.Sensitivity.ClassifyFor(use.AbsolutePath, role) + "): denied under enforcement and never granted while learning"));
            remaining.Remove(use);
        }

        Take(result, remaining, TemporaryDirectory(remaining));
        Take(result, remaining, Sensitive(remaining, role));
        if (role == PathRole.Read)
        {
            Take(result, remaining, KnownLocations(remaining, _context.InstallTrees, GeneralizationStep.InstallTree));
            Take(result, remaining, KnownLocations(remaining, _context.SystemLocations, GeneralizationStep.SystemLocation));
        }

        Take(result, remaining, Devices(remaining));
        Take(result, remaining, VaryingNames(remaining, refusals, operation));
        if (role != PathRole.Execute)
        {
            Take(result, remaining, GeneratedNameTokens(remaining, refusals, operation));
        }
        if (role == PathRole.Read)
        {
            Take(result, remaining, ListedDirectories(remaining, refusals, operation));
        }

        if (role != PathRole.Execute)
        {
            // Writes into, and reads back from, a directory the program made itself: its output.
            Take(result, remaining, CreatedDirectories(remaining, refusals, operation, role));
        }

        if (role != PathRole.Execute)
        {
            Take(result, remaining, ManyFiles(remaining, refusals, operation));
        }

        result.AddRange(remaining.Select(u => new GeneralizedPattern(new LiteralPattern(u.Path), GeneralizationStep.Observed, "observed", u.Evidence)));
        return Collapse(result);
    }

    private static void Take(List<GeneralizedPattern> result, List<PathUse> remaining, IEnumerable<GeneralizedPattern> produced)
    {
        foreach (var pattern in produced.ToList())
        {
            var covered = remaining.Where(u => pattern.Pattern.Covers(u.Path)).ToList();
            if (covered.Count == 0 && pattern.Step != GeneralizationStep.Sensitive)
            {
                continue;
            }

            remaining.RemoveAll(u => pattern.Pattern.Covers(u.Path));
            result.Add(pattern);
        }
    }

    private static IEnumerable<GeneralizedPattern> TemporaryDirectory(List<PathUse> uses)
    {
        var inTemp = uses.Where(u => u.Path.Parameter == ProfileParameters.TemporaryDirectory).ToList();
        if (inTemp.Count > 0)
        {
            yield return new GeneralizedPattern(
                new SubpathPattern(new AnchoredPath(ProfileParameters.TemporaryDirectory, string.Empty)),
                GeneralizationStep.TemporaryDirectory,
                "the run's private temporary directory: fresh and empty for every run, so it exposes nothing else",
                Evidence.Combine(inTemp.Select(u => u.Evidence)));
        }
    }

    private IEnumerable<GeneralizedPattern> Sensitive(List<PathUse> uses, PathRole role)
    {
        foreach (var use in uses)
        {
            if (_context.Sensitivity.ClassifyFor(use.AbsolutePath, role) is { } reason)
            {
                yield return new GeneralizedPattern(
                    new LiteralPattern(use.Path),
                    GeneralizationStep.Sensitive,
                    "sensitive (" + reason + "): the program really used it, so it is allowed as this one literal only",
                    use.Evidence);
            }
        }
    }

    private static IEnumerable<GeneralizedPattern> KnownLocations(List<PathUse> uses, IReadOnlyList<KnownLocation> locations, GeneralizationStep step)
    {
        // The deepest known location containing each use wins; one pattern per location.
        var byLocation = new Dictionary<KnownLocation, List<PathUse>>();
        foreach (var use in uses)
        {
            var location = locations.Where(l => use.Path.IsWithin(l.Path)).MaxBy(l => l.Path.Relative.Length);
            if (location is null)
            {
                continue;
            }

            if (!byLocation.TryGetValue(location, out var list))
            {
                byLocation[location] = list = [];
            }

            list.Add(use);
        }

        foreach (var (location, list) in byLocation.OrderBy(p => p.Key.Path))
        {
            var reason = step == GeneralizationStep.InstallTree
                ? "install tree of " + location.Description + ": the program's own files"
                : "system location: " + location.Description;
            yield return new GeneralizedPattern(new SubpathPattern(location.Path), step, reason, Evidence.Combine(list.Select(u => u.Evidence)));
        }
    }

    private IEnumerable<GeneralizedPattern> Devices(List<PathUse> uses)
    {
        // Terminal and descriptor device numbers differ between sessions by nature.
        string[][] numbered = [["/dev/pts", "pseudo-terminal"], ["/dev/fd", "file descriptor"]];
        foreach (var pair in numbered)
        {
            var directory = AnchoredPath.Absolute(pair[0]);
            var matching = uses.Where(u => u.Path.Parent == directory && u.Path.Name.All(char.IsAsciiDigit)).ToList();
            if (matching.Count > 0)
            {
                yield return new GeneralizedPattern(
                    new RegexPattern(directory, "/[0-9]+$", pair[0] + "/<digits>"),
                    GeneralizationStep.VaryingNames,
                    pair[1] + " numbers differ between sessions",
                    Evidence.Combine(matching.Select(u => u.Evidence)));
            }
        }

        if (_context.Platform == TargetPlatform.Linux)
        {
            // /proc/<pid>/…: each process reads its own entries, whose pid differs every run.
            var perProcess = uses
                .Where(u => u.Path.Parameter is null && IsPerProcessProcEntry(u.Path.Relative, out _))
                .GroupBy(u => { IsPerProcessProcEntry(u.Path.Relative, out var rest); return rest; }, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal);
            foreach (var group in perProcess)
            {
                yield return new GeneralizedPattern(
                    new RegexPattern(AnchoredPath.Absolute("/proc"), "/[0-9]+" + NameShape.Quote(group.Key) + "$", "/proc/<pid>" + group.Key),
                    GeneralizationStep.VaryingNames,
                    "per-process kernel file: the pid differs every run",
                    Evidence.Combine(group.Select(u => u.Evidence)));
            }
        }
    }

    private static bool IsPerProcessProcEntry(string path, out string rest)
    {
        rest = string.Empty;
        if (!path.StartsWith("/proc/", StringComparison.Ordinal))
        {
            return false;
        }

        var end = path.IndexOf('/', 6);
        var pid = end < 0 ? path[6..] : path[6..end];
        if (pid.Length == 0 || !pid.All(char.IsAsciiDigit))
        {
            return false;
        }

        rest = end < 0 ? string.Empty : path[end..];
        return rest.Length > 0;
    }

    private IEnumerable<GeneralizedPattern> VaryingNames(List<PathUse> uses, ICollection<Refusal>? refusals, string operation)
    {
        // Each use is looked at from its directory and from the two above it: a name that varies can be a directory
        // the program makes fresh (git's objects/<2 hex>/…), whose files then sit one or two levels deeper.
        var byDirectory = uses
            .SelectMany(u => Ancestors(u.Path, VaryingDirectoryLevels).Select((directory, level) => (Directory: directory, Level: level, Use: u)))
            .GroupBy(x => (x.Directory, x.Level), x => x.Use)
            .OrderBy(g => g.Key.Level)
            .ThenBy(g => g.Key.Directory);
        foreach (var directoryGroup in byDirectory)
        {
            var (directory, level) = directoryGroup.Key;
            var children = directoryGroup.GroupBy(u => ChildName(directory, u.Path), StringComparer.Ordinal).ToList();
            var succeeded = children.Where(c => c.Any(u => !u.OnlyDenied)).ToList();
            var deniedOnly = children.Where(c => c.All(u => u.OnlyDenied)).ToList();
            var successfulRuns = succeeded.SelectMany(c => c.SelectMany(u => u.Runs.Indices)).ToHashSet();

            // Across observation runs: a name not used in every run that used the directory.
            var acrossRuns = successfulRuns.Count >= 2
                ? succeeded.Where(c => !successfulRuns.SetEquals(c.SelectMany(u => u.Runs.Indices))).ToList()
                : [];

            // Under enforcement: new names denied in a directory where other names were used successfully, together
            // with the successful names seen in only one run (the ones the new names replaced).
            var replaced = deniedOnly.Count > 0 && succeeded.Count > 0
                ? deniedOnly.Concat(succeeded.Where(c => c.SelectMany(u => u.Runs.Indices).Distinct().Count() == 1)).ToList()
                : [];

            var varying = acrossRuns.Concat(replaced).DistinctBy(c => c.Key, StringComparer.Ordinal).ToList();
            if (varying.Count < 2)
            {
                continue;
            }

            var names = varying.Select(c => c.Key).ToList();
            var deeper = varying.Any(c => c.Any(u => u.Path != directory.Child(c.Key)));
            if (level > 0 && !varying.All(c => c.Any(u => u.Path != directory.Child(c.Key))))
            {
                // Above the direct parent only directories whose names vary count.
                continue;
            }

            var evidence = Evidence.Combine(varying.SelectMany(c => c).Select(u => u.Evidence));
            var why = _guard.WhyNot(directory);
            var shape = NameShape.Infer(names);
            if (shape is null && replaced.Count > 0 && deniedOnly.Count >= 2)
            {
                // The replaced names may be unrelated files: try the new names alone.
                shape = NameShape.Infer([.. deniedOnly.Select(c => c.Key)]);
                names = [.. deniedOnly.Select(c => c.Key)];
            }

            if (shape is { } found && (why is null || directory.Parameter is not null || IsSafeRegexUnder(directory)))
            {
                var tail = "/" + found.Regex + (deeper ? "(/.*)?" : string.Empty) + "$";
                var pattern = new RegexPattern(directory, tail, directory + "/" + found.Shape + (deeper ? "/…" : string.Empty));
                if (CoversSensitive(pattern, directory))
                {
                    refusals?.Add(new Refusal(operation, directory + "/" + found.Shape, "the pattern for names that vary between runs would match a sensitive location"));
                    continue;
                }

                yield return new GeneralizedPattern(
                    pattern,
                    GeneralizationStep.VaryingNames,
                    string.Create(CultureInfo.InvariantCulture, $"{names.Count} names that differ between runs (e.g. {string.Join(", ", names.Order(StringComparer.Ordinal).Take(2))})"),
                    evidence);
            }
            else if (shape is null && acrossRuns.Count >= 2 && why is null && level == 0)
            {
                yield return new GeneralizedPattern(
                    new SubpathPattern(directory),
                    GeneralizationStep.VaryingNames,
                    string.Create(CultureInfo.InvariantCulture, $"{acrossRuns.Count} names that differ between observation runs and share no shape: the directory"),
                    evidence);
            }
            else if (shape is null && acrossRuns.Count >= 2 && level == 0)
            {
                refusals?.Add(new Refusal(operation, directory.ToString(), "names differ between runs, but the directory cannot be widened: " + why));
            }
        }
    }

    // Names carrying a per-run token (UUID, timestamp, long hash or number) in one directory: one regex per shape.
    private IEnumerable<GeneralizedPattern> GeneratedNameTokens(List<PathUse> uses, ICollection<Refusal>? refusals, string operation)
    {
        var candidates = uses
            .Where(u => u.Path.Parent is not null)
            .Select(u => (Use: u, Shape: GeneratedNames.Infer(u.Path.Name)))
            .Where(c => c.Shape is not null)
            .GroupBy(c => (Directory: c.Use.Path.Parent!, c.Shape!.Value.Regex));
        foreach (var group in candidates.OrderBy(g => g.Key.Directory).ThenBy(g => g.Key.Regex, StringComparer.Ordinal))
        {
            var directory = group.Key.Directory;
            var pattern = new RegexPattern(directory, "/" + group.Key.Regex + "$", directory + "/" + group.First().Shape!.Value.Shape);
            if (CoversSensitive(pattern, directory) || (_guard.WhyNot(directory) is not null && directory.Parameter is null && !IsSafeRegexUnder(directory)))
            {
                refusals?.Add(new Refusal(operation, pattern.Shape, "a name made fresh every run, but the directory cannot hold a pattern: " + (_guard.WhyNot(directory) ?? "it would match a sensitive location")));
                continue;
            }

            yield return new GeneralizedPattern(
                pattern,
                GeneralizationStep.VaryingNames,
                "the name carries a token made fresh on every run (" + group.First().Shape!.Value.Shape + ")",
                Evidence.Combine(group.Select(c => c.Use.Evidence)));
        }
    }

    // A regex on the direct children of HOME (or another unwidenable directory) is acceptable when it names a
    // specific shape; CoversSensitive then checks it against the catalogue.
    private static bool IsSafeRegexUnder(AnchoredPath directory) => directory.Parameter is null && directory.Depth >= 2;

    private bool CoversSensitive(RegexPattern pattern, AnchoredPath directory)
    {
        var absolute = _guard.Resolve(directory);
        if (absolute is null)
        {
            return true;
        }

        string[] probes = [".ssh", ".aws", ".gnupg", ".netrc", ".config", ".bashrc", ".zshrc", ".profile", "Library", ".docker", ".kube"];
        foreach (var probe in probes)
        {
            var candidate = directory.Child(probe);
            var resolved = _guard.Resolve(candidate);
            if (resolved is not null && _context.Sensitivity.Classify(resolved) is not null && pattern.Covers(candidate))
            {
                return true;
            }
        }

        return false;
    }

    private IEnumerable<GeneralizedPattern> ListedDirectories(List<PathUse> uses, ICollection<Refusal>? refusals, string operation)
    {
        foreach (var directory in _context.ListedDirectories.Order())
        {
            var children = uses.Where(u => u.Path.IsWithin(directory) && u.Path != directory)
                .Select(u => ChildName(directory, u.Path))
                .Distinct(StringComparer.Ordinal)
                .Count();
            if (children < 2)
            {
                continue;
            }

            if (_guard.WhyNot(directory) is { } why)
            {
                refusals?.Add(new Refusal(operation, directory.ToString(), "listed and read, but not widened: " + why));
                continue;
            }

            var covered = uses.Where(u => u.Path.IsWithin(directory)).ToList();
            yield return new GeneralizedPattern(
                new SubpathPattern(directory),
                GeneralizationStep.DirectoryContents,
                string.Create(CultureInfo.InvariantCulture, $"the program listed this directory and read {children} of its entries: it processes its contents"),
                Evidence.Combine(covered.Select(u => u.Evidence)));
        }
    }

    private IEnumerable<GeneralizedPattern> CreatedDirectories(List<PathUse> uses, ICollection<Refusal>? refusals, string operation, PathRole role)
    {
        // The outermost created directories: a created directory inside another created one adds nothing.
        var created = _context.CreatedDirectories.Order().ToList();
        var outermost = created.Where(d => !created.Any(o => o != d && d.IsWithin(o))).ToList();
        foreach (var directory in outermost)
        {
            var covered = uses.Where(u => u.Path.IsWithin(directory)).ToList();
            if (covered.Count == 0)
            {
                continue;
            }

            if (_guard.WhyNot(directory) is { } why)
            {
                refusals?.Add(new Refusal(operation, directory.ToString(), "created by the program, but not widened: " + why));
                continue;
            }

            yield return new GeneralizedPattern(
                new SubpathPattern(directory),
                GeneralizationStep.ProgramOutput,
                role == PathRole.Read ? "a directory the program itself created: reading back its own output" : "a directory the program itself created: its output",
                Evidence.Combine(covered.Select(u => u.Evidence)));
        }
    }

    private IEnumerable<GeneralizedPattern> ManyFiles(List<PathUse> uses, ICollection<Refusal>? refusals, string operation)
    {
        var byParent = uses.Where(u => u.Path.Parent is not null).GroupBy(u => u.Path.Parent!).OrderBy(g => g.Key);
        foreach (var group in byParent)
        {
            var count = group.Select(u => u.Path.Name).Distinct(StringComparer.Ordinal).Count();
            if (count <= _context.ManyFilesThreshold)
            {
                continue;
            }

            if (_guard.WhyNot(group.Key) is { } why)
            {
                refusals?.Add(new Refusal(operation, group.Key.ToString(), string.Create(CultureInfo.InvariantCulture, $"{count} files, but not widened: {why}")));
                continue;
            }

            yield return new GeneralizedPattern(
                new SubpathPattern(group.Key),
                GeneralizationStep.ManyFiles,
                string.Create(CultureInfo.InvariantCulture, $"{count} files in one directory (more than {_context.ManyFilesThreshold})"),
                Evidence.Combine(group.Select(u => u.Evidence)));
        }
    }

    /// <summary>How many directories above a path's own are searched for names that vary between runs.</summary>
    private const int VaryingDirectoryLevels = 3;

    /// <summary>The path's directory and up to <paramref name="levels"/> − 1 above it, nearest first.</summary>
    private static IEnumerable<AnchoredPath> Ancestors(AnchoredPath path, int levels)
    {
        var current = path.Parent;
        for (var level = 0; level < levels && current is not null; level++)
        {
            yield return current;
            current = current.Parent;
        }
    }

    private static string ChildName(AnchoredPath directory, AnchoredPath path)
    {
        var rest = path.Relative[(directory.Relative == "/" ? 0 : directory.Relative.Length)..].TrimStart('/');
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? rest : rest[..slash];
    }

    // Drops patterns covered by a subpath of the same operation; keeps sensitive literals (they are reported).
    private static List<GeneralizedPattern> Collapse(List<GeneralizedPattern> patterns)
    {
        var subpaths = patterns.Where(p => p.Pattern is SubpathPattern).Select(p => (SubpathPattern)p.Pattern).ToList();
        var kept = new List<GeneralizedPattern>();
        foreach (var pattern in patterns)
        {
            var root = pattern.Pattern.Root;
            var coveredByOther = subpaths.Any(s => !ReferenceEquals(s, pattern.Pattern) && s != pattern.Pattern && root.IsWithin(s.Path)
                && (pattern.Pattern is not SubpathPattern || root != s.Path));
            if (coveredByOther && pattern.Step != GeneralizationStep.Sensitive)
            {
                continue;
            }

            if (kept.Any(k => k.Pattern == pattern.Pattern))
            {
                continue;
            }

            kept.Add(pattern);
        }

        return [.. kept.OrderBy(k => k.Pattern.Root).ThenBy(k => k.Pattern.GetType().Name, StringComparer.Ordinal)];
    }
}
