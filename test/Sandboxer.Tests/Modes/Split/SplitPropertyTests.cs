using CsCheck;
using Sandboxer.Modes.Split;
using Sandboxer.Sbpl.Engine;
using Sandboxer.Sbpl.Evaluation;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Tests.Modes.Split;

/// <summary>
/// For random mode profiles drawn from a shared pool of overlapping allow and deny rules (in different orders, with
/// rules of their own): the split never changes a decision. Checked independently of the splitter's own proof, by
/// deciding a fixed set of requests under parameter values the splitter never tries (HOME inside a fixed path the
/// rules name, the working directory at <c>/</c>).
/// </summary>
public sealed class SplitPropertyTests
{
    private static readonly string[] PathFilters =
    [
        "(literal \"/a\")", "(subpath \"/a\")", "(subpath \"/a/b\")", "(literal \"/a/b/x\")", "(prefix \"/a/b\")", "(subpath \"/c\")",
        "(regex #\"^/a/[^/]+$\")", "(subpath (param \"HOME\"))", "(subpath (param \"WORKING_DIR\"))",
        "(subpath (string-append (param \"HOME\") \"/.ssh\"))", "(literal (string-append (param \"HOME\") \"/.ssh/k\"))",
    ];

    private static readonly string[] FileOperations = ["file-read*", "file-read-data", "file-write*", "file-read-metadata", "process-exec"];

    private static readonly Gen<string> PathRule =
        Gen.Select(
            Gen.OneOf("allow", "deny"),
            Gen.OneOf(FileOperations).Array[1, 2],
            Gen.OneOf(PathFilters).Array[0, 2],
            (action, operations, filters) => $"({action} {string.Join(' ', operations.Distinct())}{string.Concat(filters.Distinct().Select(f => " " + f))})");

    private static readonly Gen<string> NameRule =
        Gen.Select(Gen.OneOf("allow", "deny"), Gen.OneOf("(global-name \"com.x\")", "(global-name-prefix \"com.\")", string.Empty), (action, filter) =>
            $"({action} mach-lookup{(filter.Length > 0 ? " " + filter : string.Empty)})");

    private static readonly Gen<string> Rule = Gen.Frequency((5, PathRule), (1, NameRule));

    /// <summary>Each mode: the pool rules it keeps (a sort key each, so orders differ) and rules of its own.</summary>
    private static readonly Gen<(string[] Pool, (bool Keep, int Key)[][] Picks, string[][] Own)> Modes =
        from pool in Rule.Array[3, 8]
        from count in Gen.Int[2, 3]
        from picks in Gen.Select(Gen.Bool, Gen.Int[0, 3], (keep, key) => (keep, key)).Array[pool.Length].Array[count]
        from own in Rule.Array[0, 2].Array[count]
        select (pool, picks, own);

    private static readonly string[] Paths =
    [
        "/a", "/a/b", "/a/b/x", "/a/bc", "/a/q", "/c", "/c/d", "/z", "/a/home", "/a/home/.ssh/k", "/a/home/w/f",
        "/home/u", "/home/u/.ssh/k", "/home/u/.ssh/other", "/home/u/w/f", "/tmp/t/f",
    ];

    private static readonly IReadOnlyDictionary<string, string>[] RealPlacements =
    [
        new Dictionary<string, string> { ["HOME"] = "/home/u", ["WORKING_DIR"] = "/home/u/w", ["TMPDIR"] = "/tmp/t" },
        new Dictionary<string, string> { ["HOME"] = "/home/u", ["WORKING_DIR"] = "/", ["TMPDIR"] = "/tmp/t" },
        new Dictionary<string, string> { ["HOME"] = "/a/home", ["WORKING_DIR"] = "/a/home/w", ["TMPDIR"] = "/a/b" },
        new Dictionary<string, string> { ["HOME"] = "/a", ["WORKING_DIR"] = "/a", ["TMPDIR"] = "/a" },
    ];

    [Fact]
    public void Splitting_never_changes_a_decision()
    {
        var moved = 0;
        Modes.Sample(
            sample =>
            {
                var directory = Directory.CreateTempSubdirectory("sandboxer-split-property-").FullName;
                try
                {
                    var texts = sample.Picks.Select((picks, m) => "(version 1)\n(deny default)\n" + string.Concat(
                        picks.Select((p, i) => (p.Keep || m == 0, p.Key, Text: sample.Pool[i]))
                            .Where(x => x.Item1)
                            .Select(x => (x.Key, x.Text))
                            .Concat(sample.Own[m].Select((text, i) => (Key: i * 2, Text: text)))
                            .OrderBy(x => x.Key)
                            .Select(x => x.Text + "\n"))).ToList();
                    var modes = texts.Select((text, m) =>
                    {
                        var path = Path.Combine(directory, $"m{m}.sb");
                        File.WriteAllText(path, text);
                        return new ModeProfile($"m{m}", SourceText.FromFile(path));
                    }).ToList();

                    var split = CommonBaseSplitter.Split(modes, Path.Combine(directory, "base.sb"), null, "0");
                    moved += split.MovedRules;
                    File.WriteAllText(split.BasePath, split.BaseText);
                    foreach (var profile in split.Profiles)
                    {
                        File.WriteAllText(profile.Path, profile.Text);
                    }

                    Assert.Empty(split.CheckWritten((path, parameters) => ProfileLoader.LoadFiles([path], parameters)));
                    for (var m = 0; m < modes.Count; m++)
                    {
                        foreach (var placement in RealPlacements)
                        {
                            var before = PolicyEngine.Compile(SplitWorkspace.LoadText(texts[m], modes[m].Source.Path, placement));
                            var loaded = ProfileLoader.LoadFiles([modes[m].Source.Path], placement);
                            Assert.False(loaded.HasErrors);
                            var after = PolicyEngine.Compile(loaded.Profile);
                            foreach (var operation in FileOperations.Append("file-write-data").Append("file-read-xattr"))
                            {
                                foreach (var path in Paths)
                                {
                                    var request = new AccessRequest(operation) { Path = path };
                                    Assert.True(
                                        before.Decide(request).Action == after.Decide(request).Action,
                                        $"{operation} {path} under HOME={placement["HOME"]} WORKING_DIR={placement["WORKING_DIR"]}\n--- original\n{texts[m]}\n--- rewritten\n{split.Profiles[m].Text}\n--- base\n{split.BaseText}");
                                }
                            }

                            foreach (var name in new[] { "com.x", "com.y", "org.z" })
                            {
                                var request = new AccessRequest("mach-lookup") { Name = name };
                                Assert.Equal(before.Decide(request).Action, after.Decide(request).Action);
                            }
                        }
                    }
                }
                finally
                {
                    Directory.Delete(directory, recursive: true);
                }
            },
            iter: 40);

        // The property is only interesting if splits do move rules.
        Assert.True(moved > 0);
    }
}
