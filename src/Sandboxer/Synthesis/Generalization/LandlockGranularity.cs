using System.Globalization;
using Sandboxer.Synthesis.Grants;
using Sandboxer.Synthesis.Paths;

namespace Sandboxer.Synthesis.Generalization;

/// <summary>
/// For profiles made on Linux, where Landlock enforces them: Landlock grants creating and removing entries, listing a
/// directory, and reading or writing a file that does not exist yet only per directory, for everything below it. A literal rule
/// for one such entry compiles stricter than written and the program fails under <c>sandboxer run</c> (git's
/// <c>.git/index.lock</c>). So, inside the working directory only — never its top level, never a directory the
/// <see cref="GeneralizationGuard"/> refuses — the observed entries of one directory become a <c>subpath</c> of it
/// for that operation: the tightest rule Landlock can enforce as written. Everywhere else literals stay, and the
/// Landlock compiler reports what it enforces stricter.
/// </summary>
public static class LandlockGranularity
{
    private static readonly string[] EntryOperations = ["file-write-create", "file-write-unlink"];

    public static List<Grant> Apply(IReadOnlyList<Grant> grants, GeneralizationGuard guard, IReadOnlySet<AnchoredPath> listedDirectories)
    {
        ArgumentNullException.ThrowIfNull(grants);
        ArgumentNullException.ThrowIfNull(guard);
        ArgumentNullException.ThrowIfNull(listedDirectories);
        var created = grants
            .Where(g => g.Operation == "file-write-create" && Literal(g) is not null)
            .Select(g => Literal(g)!)
            .ToHashSet();

        var widened = new Dictionary<(string Operation, AnchoredPath Directory), List<Grant>>();
        foreach (var grant in grants.Where(g => g.Step == GeneralizationStep.Observed))
        {
            if (Literal(grant) is not { } path)
            {
                continue;
            }

            var directory = grant.Operation switch
            {
                _ when EntryOperations.Contains(grant.Operation, StringComparer.Ordinal) => path.Parent,
                "file-write-data" or "file-read-data" when created.Contains(path) => path.Parent,
                "file-read-data" when listedDirectories.Contains(path) => path,
                _ => null,
            };
            if (directory is null || !InsideProject(directory) || guard.WhyNot(directory) is not null)
            {
                continue;
            }

            var key = (grant.Operation, directory);
            (widened.TryGetValue(key, out var list) ? list : widened[key] = []).Add(grant);
        }

        // The outermost directory per operation wins; the ones below it are covered.
        var subpaths = widened
            .Where(w => !widened.Keys.Any(other => other.Operation == w.Key.Operation && other.Directory != w.Key.Directory && w.Key.Directory.IsWithin(other.Directory)))
            .ToDictionary(w => w.Key, w => widened.Where(o => o.Key.Operation == w.Key.Operation && o.Key.Directory.IsWithin(w.Key.Directory)).SelectMany(o => o.Value).ToList());
        if (subpaths.Count == 0)
        {
            return [.. grants];
        }

        var result = grants
            .Where(g => g.IsSensitive || g.Target is not PathTarget target
                || !subpaths.Keys.Any(k => k.Operation == g.Operation && target.Pattern.Root.IsWithin(k.Directory)))
            .ToList();
        foreach (var ((operation, directory), replaced) in subpaths.OrderBy(s => s.Key.Operation, StringComparer.Ordinal).ThenBy(s => s.Key.Directory))
        {
            var examples = replaced.Select(g => Literal(g)!.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var what = operation switch
            {
                "file-write-create" => "creating entries",
                "file-write-unlink" => "removing entries",
                "file-write-data" => "writing files it creates",
                _ => "reading files it creates and listing directories",
            };
            var reason = string.Create(CultureInfo.InvariantCulture,
                $"Landlock allows {what} only per directory, for everything below it: the tightest rule Linux enforces as written for the {examples.Count} observed (e.g. {string.Join(", ", examples.Take(3))})");
            var runs = operation == "file-read-data" ? [] : CodeLocationsWithin(directory).ToList();
            if (runs.Count > 0)
            {
                reason += "; review: this includes " + string.Join(", ", runs) + " (code other tools run later)";
            }

            result.Add(new Grant(
                operation,
                new PathTarget(new SubpathPattern(directory)),
                replaced[0].Category,
                GeneralizationStep.LandlockGranularity,
                reason,
                Evidence.Combine(replaced.Select(g => g.Evidence))));
        }

        return result;
    }

    /// <summary>Places in a project whose files other tools execute later: writing there persists code.</summary>
    private static readonly (string Path, string What)[] ProjectCodeLocations =
    [
        ("/.git/hooks", ".git/hooks"),
        ("/.git/config", ".git/config"),
        ("/.husky", ".husky"),
        ("/.github/workflows", ".github/workflows"),
        ("/.vscode", ".vscode"),
        ("/node_modules/.bin", "node_modules/.bin"),
    ];

    private static IEnumerable<string> CodeLocationsWithin(AnchoredPath directory) =>
        ProjectCodeLocations.Where(l => l.Path.StartsWith(directory.Relative + "/", StringComparison.Ordinal)).Select(l => l.What);

    private static AnchoredPath? Literal(Grant grant) => grant.Target is PathTarget { Pattern: LiteralPattern literal } ? literal.Path : null;

    private static bool InsideProject(AnchoredPath directory) =>
        directory.Parameter == ProfileParameters.WorkingDirectory && directory.Relative.Length > 1;
}
