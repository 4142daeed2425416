using CsCheck;
using Sandboxer.Platforms.Linux.Landlock;
using Sandboxer.Platforms.Tests.Support;
using Sandboxer.Sbpl.Engine;
using Sandboxer.Sbpl.Policy;
using static Sandboxer.Platforms.Tests.Support.ProfileBuilder;

namespace Sandboxer.Platforms.Tests.Linux.Landlock.Compilation;

/// <summary>
/// The compiler's invariant, checked against the decision engine on random profiles over a real directory tree: for
/// every existing path and for new entries under every directory, anything the plan lets Landlock allow, the profile
/// allows.
/// </summary>
public sealed class PlanNeverLooserTests
{
    private static readonly string[] Entries =
    [
        "a/x.txt", "a/y.log", "a/sub/z.txt", "a/sub/deeper/w.log", "b/k.txt", "b/.ssh/id_rsa", "c.txt", "logs/1.log", "logs/2.txt", "bin/tool",
    ];

    private static readonly string[] Operations =
    [
        "file-read*", "file-read-data", "file-read-metadata", "file-write*", "file-write-data", "file-write-create", "file-write-unlink",
        "process-exec", "file*", "default",
    ];

    private static readonly (LandlockFsAccess Right, string Operation, bool OnChild)[] Checks =
    [
        (LandlockFsAccess.ReadFile, "file-read-data", false),
        (LandlockFsAccess.WriteFile, "file-write-data", false),
        (LandlockFsAccess.Truncate, "file-write-data", false),
        (LandlockFsAccess.Execute, "process-exec", false),
        (LandlockFsAccess.MakeReg, "file-write-create", true),
        (LandlockFsAccess.MakeDir, "file-write-create", true),
        (LandlockFsAccess.RemoveFile, "file-write-unlink", true),
        (LandlockFsAccess.RemoveDir, "file-write-unlink", true),
    ];

    [Fact]
    public void Whatever_the_plan_allows_the_engine_allows()
    {
        using var tree = new TempTree(Entries);
        var nodes = new[] { string.Empty, "a", "a/sub", "a/sub/deeper", "b", "b/.ssh", "logs", "bin" }
            .Concat(Entries)
            .Append("a/missing.txt")
            .Select(n => tree[n])
            .ToArray();

        var genFilter = Gen.OneOf(
            Gen.Int[0, nodes.Length - 1].Select(i => (Filter?)Literal(nodes[i])),
            Gen.Int[0, nodes.Length - 1].Select(i => (Filter?)Subpath(nodes[i])),
            Gen.Int[0, nodes.Length - 1].Select(i => (Filter?)Prefix(nodes[i].Length > tree.Root.Length + 2 ? nodes[i][..^1] : nodes[i])),
            Gen.Select(Gen.Int[0, nodes.Length - 1], Gen.OneOf("$", "/.*", "/[^/]*\\.log$", string.Empty, "/[^/]+$"), (i, tail) => (Filter?)Regex("^" + Escape(nodes[i]) + tail)),
            Gen.Int[0, nodes.Length - 1].Select(i => (Filter?)All(Subpath(nodes[i]), new AttributeFilter("vnode-type", ["REGULAR-FILE"]))),
            Gen.Int[0, nodes.Length - 1].Select(i => (Filter?)All(Subpath(tree.Root), Not(Literal(nodes[i])))),
            Gen.Const((Filter?)null));
        var genRule = Gen.Select(Gen.Int[0, 9], Gen.OneOf(Operations), genFilter, (kind, operation, filter) => (Kind: kind, Operation: operation, Filter: filter));
        var genProfile = genRule.Array[1, 6];

        genProfile.Sample(rules =>
        {
            var builder = new ProfileBuilder();
            foreach (var (kind, operation, filter) in rules)
            {
                // Unfiltered rules only as denies of something, so a run is not dominated by "allow everything".
                var action = kind < 7 ? RuleAction.Allow : RuleAction.Deny;
                builder.Add(action, operation, filter ?? (action == RuleAction.Allow ? Subpath(tree.Root) : null));
            }

            var profile = builder.Build();
            var plan = LandlockPlanCompiler.Compile(profile, budget: 2_000);
            var engine = PolicyEngine.Compile(profile);
            foreach (var violation in Violations(plan, engine, nodes))
            {
                Assert.Fail(violation + "\nprofile:\n" + string.Join('\n', profile.Rules.Select(r => r.Text)));
            }
        }, iter: 120, threads: 1);
    }

    private static IEnumerable<string> Violations(LandlockPlan plan, PolicyEngine engine, string[] nodes)
    {
        foreach (var node in nodes)
        {
            var isDirectory = Directory.Exists(node);
            if (isDirectory && plan.Allows(node, LandlockFsAccess.ReadDir) && engine.Decide(Request("file-read-data", node, "DIRECTORY")).MayBeDenied)
            {
                yield return $"READ_DIR granted on {node}";
            }

            var targets = isDirectory
                ? new[] { node + "/new.txt", node + "/new.log", node + "/newdir/inner.txt" }
                : [node];
            foreach (var (right, operation, onChild) in Checks)
            {
                foreach (var target in targets)
                {
                    if (onChild && !isDirectory)
                    {
                        continue;
                    }

                    var vnode = File.Exists(target) ? "REGULAR-FILE" : null;
                    if (Granted(plan, target, right, onChild) && engine.Decide(Request(operation, target, vnode)).MayBeDenied)
                    {
                        yield return $"{right} granted on {target} but the profile may deny {operation}";
                    }
                }

                if (onChild && isDirectory)
                {
                    foreach (var child in Directory.EnumerateFileSystemEntries(node))
                    {
                        if (Granted(plan, child, right, onChild) && engine.Decide(Request(operation, child, null)).MayBeDenied)
                        {
                            yield return $"{right} granted on {child} but the profile may deny {operation}";
                        }
                    }
                }
            }
        }
    }

    /// <summary>Creating or removing an entry is checked on its directory; the other rights on the object itself.</summary>
    private static bool Granted(LandlockPlan plan, string target, LandlockFsAccess right, bool onParent) =>
        plan.Allows(onParent ? Path.GetDirectoryName(target)! : target, right);

    private static AccessRequest Request(string operation, string path, string? vnode) => new(operation)
    {
        Path = path,
        Attributes = vnode is null ? null : new Dictionary<string, IReadOnlyList<string>> { ["vnode-type"] = [vnode] },
    };

    private static string Escape(string path) => path.Replace(".", "\\.", StringComparison.Ordinal);
}
