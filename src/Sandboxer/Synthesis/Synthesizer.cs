using System.Globalization;
using Sandboxer.Events;
using Sandboxer.Sbpl.Policy;
using Sandboxer.Synthesis.Generalization;
using Sandboxer.Synthesis.Grants;
using Sandboxer.Synthesis.Paths;

namespace Sandboxer.Synthesis;

/// <summary>
/// Turns what a program did (the events of its observation and enforcement runs) into the smallest set of grants
/// that lets it run, every one justified by evidence. Deterministic: the same events give the same grants in the
/// same order.
/// </summary>
public static class Synthesizer
{
    public static SynthesisResult Synthesize(IReadOnlyList<ObservedRun> runs, SynthesisContext context)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(context);
        var collector = new EventCollector(context);
        foreach (var run in runs.OrderBy(r => r.Index))
        {
            collector.Add(run);
        }

        var refusals = new List<Refusal>(collector.Refusals);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ProfileParameters.Home] = context.Home,
            [ProfileParameters.WorkingDirectory] = context.WorkingDirectory,
        };
        if (runs.Select(r => r.TemporaryDirectory).FirstOrDefault(t => t is not null) is { } tmp)
        {
            parameters[ProfileParameters.TemporaryDirectory] = tmp;
        }

        var baseContext = new GeneralizationContext
        {
            Platform = context.Platform,
            Parameters = parameters,
            Sensitivity = context.Sensitivity,
            SystemLocations = SystemLocations.For(context.Platform),
            ListedDirectories = collector.ListedDirectories,
            CreatedDirectories = collector.CreatedDirectories,
            ManyFilesThreshold = context.ManyFilesThreshold,
            ComparableRuns = runs.Count(r => r.Kind != RunKind.Baseline),
        };
        var guard = new GeneralizationGuard(baseContext);
        var generalizer = new PathGeneralizer(baseContext with { InstallTrees = InstallTrees.Detect(collector.Executables, guard) });

        var grants = new List<Grant>();
        foreach (var (operation, uses) in collector.PathUses.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var role = RoleOf(operation);
            foreach (var pattern in generalizer.Generalize(role, uses, refusals, operation))
            {
                grants.Add(new Grant(operation, new PathTarget(pattern.Pattern), CategoryOf(operation, pattern.Pattern), pattern.Step, pattern.Reason, pattern.Evidence));
            }
        }

        if (context.Platform == Sandboxer.Analysis.TargetPlatform.Linux)
        {
            grants = LandlockGranularity.Apply(grants, guard, collector.ListedDirectories);
        }

        grants.AddRange(OutputDirectoryCompletions(grants));
        grants.AddRange(collector.OtherGrants());
        grants.Add(new Grant(
            "file-read-metadata",
            Unfiltered.Instance,
            GrantCategory.Metadata,
            GeneralizationStep.PlatformBase,
            "stat, lstat and directory lookups everywhere, so path resolution works; exposes no file contents",
            collector.MetadataEvidence));
        if (context.Network == NetworkMode.Any)
        {
            grants.Add(new Grant("network*", Unfiltered.Instance, GrantCategory.Network, GeneralizationStep.PlatformBase, "--network any: no network restriction", Evidence.None));
        }

        grants.AddRange(context.PlatformBase);
        return new SynthesisResult(
            Deduplicate(grants),
            [.. refusals.Distinct().OrderBy(r => r.Operation, StringComparer.Ordinal).ThenBy(r => r.Target, StringComparer.Ordinal)],
            collector.Statistics(runs.Count));
    }

    // A directory the program created is its output: on later runs it rewrites, replaces and removes what it wrote
    // there (a rename over an existing file removes it), so creating, writing and removing go together.
    private static IEnumerable<Grant> OutputDirectoryCompletions(List<Grant> grants)
    {
        string[] writes = ["file-write-create", "file-write-data", "file-write-unlink"];
        var outputs = grants
            .Where(g => g.Step == GeneralizationStep.ProgramOutput && writes.Contains(g.Operation, StringComparer.Ordinal))
            .GroupBy(g => g.Target)
            .ToList();
        foreach (var output in outputs)
        {
            foreach (var operation in writes.Where(w => output.All(g => g.Operation != w)))
            {
                yield return output.First() with
                {
                    Operation = operation,
                    Reason = "a directory the program itself created: its output, which it rewrites and replaces on later runs",
                };
            }
        }
    }

    internal static PathRole RoleOf(string operation) => operation switch
    {
        "file-read-data" or "file-read-xattr" or "file-map-executable" or "file-ioctl" or "file-read*" => PathRole.Read,
        _ when operation.StartsWith("file-", StringComparison.Ordinal) => PathRole.Write,
        _ => PathRole.Execute,
    };

    internal static GrantCategory CategoryOf(string operation, PathPattern pattern)
    {
        if (pattern.Root.Parameter is null && pattern.Root.Relative.StartsWith("/dev/", StringComparison.Ordinal))
        {
            return GrantCategory.Devices;
        }

        return operation switch
        {
            "file-read-data" or "file-read-xattr" => GrantCategory.Read,
            "file-map-executable" => GrantCategory.Executable,
            "process-exec" => GrantCategory.Processes,
            _ when operation.StartsWith("network", StringComparison.Ordinal) => GrantCategory.Network,
            _ when operation.StartsWith("file-", StringComparison.Ordinal) => GrantCategory.Write,
            _ => GrantCategory.Services,
        };
    }

    private static List<Grant> Deduplicate(List<Grant> grants)
    {
        var seen = new HashSet<(string, GrantTarget)>();
        var result = new List<Grant>();
        foreach (var grant in grants.OrderBy(g => g.Category).ThenBy(g => g.Operation, StringComparer.Ordinal).ThenBy(g => SortKey(g.Target), StringComparer.Ordinal))
        {
            if (seen.Add((grant.Operation, grant.Target)))
            {
                result.Add(grant);
            }
        }

        return result;
    }

    internal static string SortKey(GrantTarget target) => target switch
    {
        PathTarget p => "1" + (p.Pattern.Root.Parameter ?? string.Empty) + "\u0001" + p.Pattern.Root.Relative + "\u0001" + p.Pattern.GetType().Name,
        NetworkTarget n => string.Create(CultureInfo.InvariantCulture, $"2{n.Side}{n.Protocol}{n.Host}{n.Port ?? -1:D6}"),
        NameTarget n => "3" + n.FilterKind + "\u0001" + n.Name,
        SignalTarget s => "4" + s.Target,
        _ => "0",
    };
}
