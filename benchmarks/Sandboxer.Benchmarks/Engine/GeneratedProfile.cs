using Sandboxer.Collections;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Benchmarks.Engine;

/// <summary>
/// A reproducible profile shaped like real ones: <c>(deny default)</c> followed by literal, subpath, prefix and regex
/// rules over file, process and network operations, and the path requests to decide against it (about half hit).
/// </summary>
internal static class GeneratedProfile
{
    private static readonly string[] Roots = ["/usr", "/System/Library", "/Library", "/private/var", "/Users/alice", "/opt/homebrew", "/Applications"];
    private static readonly string[] Words = ["lib", "share", "bin", "Frameworks", "Caches", "Preferences", "project", "node_modules", "src", "tmp", "folders", "cache"];
    private static readonly string[] Operations = ["file-read*", "file-read-data", "file-read-metadata", "file-write*", "file-write-data", "process-exec", "file-map-executable", "network-outbound"];

    public static Profile Create(int ruleCount, int seed = 42)
    {
        var random = new Random(seed);
        var rules = new List<Rule> { new(RuleAction.Deny, ["default"], null, EquatableArray<RuleModifier>.Empty, 0) };
        while (rules.Count < ruleCount)
        {
            var path = RandomPath(random, random.Next(1, 4));
            var kind = random.Next(20);
            Filter filter = kind switch
            {
                < 8 => new PathFilter(PathMatch.Subpath, path),
                < 15 => new PathFilter(PathMatch.Literal, path),
                < 18 => new PathFilter(PathMatch.Prefix, path + Words[random.Next(Words.Length)][..2]),
                _ => new PathFilter(PathMatch.Regex, "^" + path.Replace(".", @"\.", StringComparison.Ordinal) + "/[^/]+\\.plist$"),
            };
            var action = random.Next(6) == 0 ? RuleAction.Deny : RuleAction.Allow;
            var operation = Operations[random.Next(Operations.Length)];
            rules.Add(new Rule(action, [operation], filter, EquatableArray<RuleModifier>.Empty, rules.Count));
        }

        return new Profile(rules);
    }

    public static string[] Paths(int count, int seed = 7)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => RandomPath(random, random.Next(2, 7)) + (random.Next(4) == 0 ? ".plist" : string.Empty))];
    }

    private static string RandomPath(Random random, int depth)
    {
        var path = Roots[random.Next(Roots.Length)];
        for (var i = 0; i < depth; i++)
        {
            path += "/" + Words[random.Next(Words.Length)];
        }

        return path;
    }
}
