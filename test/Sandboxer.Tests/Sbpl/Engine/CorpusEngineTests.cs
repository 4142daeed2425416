using Sandboxer.Analysis;
using Sandboxer.Analysis.Diff;
using Sandboxer.Events;
using Sandboxer.Sbpl.Engine;
using Sandboxer.Sbpl.Policy;
using Sandboxer.Tests.Support;

namespace Sandboxer.Tests.Sbpl.Engine;

/// <summary>
/// The engine on every real profile: it compiles, agrees with the linear reference on the boundary of the profile's
/// own patterns and names, the linter runs and places every finding, and a profile has no difference with itself.
/// </summary>
public sealed class CorpusEngineTests
{
    private static readonly string[] Operations =
    [
        "file-read-data", "file-read-metadata", "file-write-create", "process-exec", "network-outbound", "mach-lookup", "sysctl-read",
    ];

    public static TheoryData<string> Files => Corpus.FileData;

    [Theory]
    [MemberData(nameof(Files))]
    public void Compiled_engine_agrees_with_the_reference_on_the_profile_boundary(string file)
    {
        var profile = CorpusProfiles.Load(file).Profile;
        var engine = PolicyEngine.Compile(profile);
        var reference = new ReferenceEngine(profile);
        var requests = Probes(profile).ToList();
        Assert.NotEmpty(requests);
        foreach (var request in requests)
        {
            var expected = reference.Decide(request);
            var actual = ReferenceDecision.From(engine.Decide(request));
            Assert.True(expected.Equals(actual), $"{file}: {request.Operation} {request.DescribeTarget()}: reference {expected}, engine {actual}");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Linter_places_every_finding_and_diff_with_itself_is_empty(string file)
    {
        var loaded = CorpusProfiles.Load(file);
        var engine = PolicyEngine.Compile(loaded.Profile);
        var findings = ProfileLinter.Lint(engine, new LintOptions("/Users/alice"));
        Assert.All(findings, f => Assert.StartsWith("SBPL4", f.Code, StringComparison.Ordinal));
        Assert.All(findings.Where(f => f.Code != LintCodes.SecretReadable && f.Code != LintCodes.SecretWritable), f => Assert.NotNull(f.Location));
        Assert.True(ProfileDiff.Compare(engine, PolicyEngine.Compile(loaded.Profile)).Identical);
    }

    [Fact]
    public void Homebrew_style_allow_default_profile_is_flagged()
    {
        var flagged = Corpus.Files
            .Select(f => (File: f, Findings: ProfileLinter.Lint(CorpusProfiles.Load(f).Profile, new LintOptions("/Users/alice"))))
            .Where(r => r.Findings.Any(d => d.Code == LintCodes.AllowDefault))
            .Select(r => r.File)
            .ToList();
        Assert.Contains(flagged, f => f.StartsWith("homebrew/", StringComparison.Ordinal));
    }

    /// <summary>Paths and names from the profile's own filters, with children and near misses, sampled to a bounded set.</summary>
    private static IEnumerable<AccessRequest> Probes(Profile profile)
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal) { "/", "/usr/lib/libSystem.B.dylib", "/Users/alice/.ssh/id_rsa" };
        var names = new SortedSet<string>(StringComparer.Ordinal) { "com.apple.unknown" };
        foreach (var leaf in profile.Rules.Where(r => r.Filter is not null).SelectMany(r => Leaves(r.Filter!)))
        {
            switch (leaf)
            {
                case PathFilter { Match: not PathMatch.Regex } path:
                    var root = path.Pattern.TrimEnd('/');
                    paths.UnionWith([path.Pattern, root + "/child", root + "x", root.Length > 1 ? root[..^1] : "/"]);
                    break;
                case PathFilter regex:
                    var literal = RegexLiterals.AnchoredPrefix(regex.Pattern);
                    if (literal is { Length: > 0 })
                    {
                        paths.UnionWith([literal, literal + "a", literal + "0/x.plist"]);
                    }

                    break;
                case NameFilter name:
                    names.UnionWith([name.Value, name.Value + "x", name.Value.Length > 1 ? name.Value[..^1] : name.Value]);
                    break;
            }
        }

        var sampledPaths = paths.Where((_, i) => i % Math.Max(1, paths.Count / 100) == 0);
        var sampledNames = names.Where((_, i) => i % Math.Max(1, names.Count / 40) == 0).ToList();
        foreach (var operation in Operations)
        {
            if (operation is "mach-lookup" or "sysctl-read")
            {
                foreach (var name in sampledNames)
                {
                    yield return new AccessRequest(operation) { Name = name };
                }

                continue;
            }

            foreach (var path in sampledPaths)
            {
                yield return new AccessRequest(operation) { Path = path };
            }

            if (operation == "network-outbound")
            {
                yield return new AccessRequest(operation) { Remote = new NetworkEndpoint("tcp", "127.0.0.1", 8080) };
                yield return new AccessRequest(operation) { Remote = new NetworkEndpoint("udp", "192.0.2.1", 53) };
            }
        }
    }

    private static IEnumerable<Filter> Leaves(Filter filter) => filter switch
    {
        RequireAny any => any.Filters.SelectMany(Leaves),
        RequireAll all => all.Filters.SelectMany(Leaves),
        RequireNot not => Leaves(not.Filter),
        _ => [filter],
    };
}
