using CsCheck;
using Sandboxer.Analysis;
using Sandboxer.Events;
using Sandboxer.Sbpl.Engine;
using Sandboxer.Sbpl.Evaluation;
using Sandboxer.Sbpl.Text;
using Sandboxer.Synthesis;
using Sandboxer.Synthesis.Generalization;
using Sandboxer.Synthesis.Rendering;

namespace Sandboxer.Tests.Synthesis;

/// <summary>
/// For random event sets with hostile path strings: the synthesized profile evaluates without errors, allows every
/// observed access, and denies the sensitive catalogue except what was observed.
/// </summary>
public sealed class SynthesisPropertyTests
{
    private const string Home = "/home/u";
    private const string Work = "/home/u/w";

    private static readonly string[] Directories =
    [
        Work, Work + "/src", Work + "/out", Home + "/.cache/t", "/usr/lib/x", "/srv/data", "/etc", Home,
        Home + "/.ssh", Home + "/.config", "/tmp/run-{0}", "/tmp/run-{0}/deep",
    ];

    private static readonly string[] Operations =
    [
        "file-read-data", "file-read-data", "file-write-create", "file-write-data", "file-write-unlink", "process-exec", "file-map-executable",
    ];

    private static readonly Gen<string> Segment =
        Gen.OneOf(
            Gen.String[Gen.Char["abc.-_ \"\\\n\t()[]{}^$*+?|é😀'#;"], 1, 8],
            Gen.OneOf("a", "b.txt", "tmp-1a2b", "tmp-9f8e", ".bashrc", "id_rsa", "known_hosts", "x y", "q\"uote"))
        .Where(s => s != "." && s != ".." && !s.Contains('/', StringComparison.Ordinal));

    private static readonly Gen<(int Run, AccessEvent Event)> Event =
        Gen.Select(Gen.Int[0, 1], Gen.OneOf(Directories), Segment, Gen.OneOf(Operations), (run, directory, name, op) =>
            (run, new AccessEvent
            {
                Operation = op,
                Path = string.Format(System.Globalization.CultureInfo.InvariantCulture, directory, run) + "/" + name,
                Pid = 1,
                Process = "p",
            }));

    [Fact]
    public void Synthesized_profiles_load_cover_everything_and_keep_secrets_denied()
    {
        Event.Array[1, 40].Sample(sample =>
        {
            var runs = sample.GroupBy(s => s.Run)
                .Select(g => new ObservedRun(RunKind.Observe, g.Key, "/tmp/run-" + g.Key, [.. g.Select(x => x.Event)]))
                .ToList();
            var context = new SynthesisContext
            {
                Platform = TargetPlatform.Linux,
                Home = Home,
                WorkingDirectory = Work,
                Sensitivity = new CatalogSensitivity(Home, TargetPlatform.Linux),
            };
            var header = new ProfileHeader(["p"], null, TargetPlatform.Linux, NetworkMode.Observed, runs.Count, "0");
            var synthesized = SynthesisPipeline.Run(runs, context, header);
            Assert.Empty(synthesized.Diagnostics);
            Assert.True(synthesized.Proof.Holds, string.Join("; ", synthesized.Proof.Misses.Select(m => m.Event.Path + " " + m.Explanation)));

            var loaded = ProfileLoader.Load([new SourceText(synthesized.Text, "p.sb")], SynthesisPipeline.ParametersFor(context, "/tmp/run-0"));
            var engine = PolicyEngine.Compile(loaded.Profile);
            // Executing a file reads it (Seatbelt and Landlock both check that), so an executed secret is also a read one.
            var observed = sample.Select(s => (s.Event.Operation, s.Event.Path))
                .Concat(sample.Where(s => s.Event.Operation == "process-exec").Select(s => ("file-read-data", s.Event.Path)))
                .ToHashSet();
            foreach (var location in SensitiveLocations.For(TargetPlatform.Linux))
            {
                foreach (var path in location.ExamplePaths(Home, TargetPlatform.Linux))
                {
                    foreach (var op in new[] { "file-read-data", "file-write-data", "file-write-create" })
                    {
                        var dangerous = op == "file-read-data" ? location.Threat.HasFlag(SensitiveAccess.Read) : location.Threat.HasFlag(SensitiveAccess.Write);
                        if (!dangerous || observed.Contains((op, path)))
                        {
                            continue;
                        }

                        Assert.False(engine.Decide(new AccessRequest(op) { Path = path }).MayBeAllowed, op + " " + path + "\n" + synthesized.Text);
                    }
                }
            }
        }, iter: 60);
    }
}
