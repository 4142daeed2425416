using System.Globalization;
using BenchmarkDotNet.Attributes;
using Sandboxer.Analysis;
using Sandboxer.Events;
using Sandboxer.Synthesis;
using Sandboxer.Synthesis.Generalization;

namespace Sandboxer.Benchmarks.Synthesis;

/// <summary>
/// Synthesis of one million events (two runs of a build-like program: system libraries, a source tree, an output
/// directory, a cache with hashed names, temporary files), as <c>profile</c> does after observation.
/// </summary>
[MemoryDiagnoser]
public class SynthesisBenchmarks
{
    private const string Home = "/home/dev";
    private const string Work = "/home/dev/app";
    private ObservedRun[] _runs = [];
    private SynthesisContext _context = null!;

    [Params(1_000_000)]
    public int Events { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _context = new SynthesisContext
        {
            Platform = TargetPlatform.Linux,
            Home = Home,
            WorkingDirectory = Work,
            Sensitivity = new CatalogSensitivity(Home, TargetPlatform.Linux),
        };
        _runs = [MakeRun(0, Events / 2), MakeRun(1, Events - (Events / 2))];
    }

    [Benchmark]
    public int Synthesize() => Synthesizer.Synthesize(_runs, _context).Grants.Count;

    private static ObservedRun MakeRun(int index, int count)
    {
        var random = new Random(42 + index);
        var tmp = "/tmp/sbx-run" + index.ToString(CultureInfo.InvariantCulture);
        var events = new AccessEvent[count];
        for (var i = 0; i < count; i++)
        {
            var kind = i % 10;
            var n = random.Next(0, 5000);
            events[i] = kind switch
            {
                < 4 => new AccessEvent { Operation = "file-read-data", Path = $"/usr/lib/x86_64-linux-gnu/lib{n % 300}.so", Pid = 100, Process = "node" },
                4 => new AccessEvent { Operation = "file-read-metadata", Path = $"{Work}/node_modules/p{n}/package.json", Pid = 100, Process = "node" },
                5 or 6 => new AccessEvent { Operation = "file-read-data", Path = $"{Work}/src/dir{n % 40}/file{n}.ts", Pid = 100, Process = "node" },
                7 => new AccessEvent { Operation = "file-write-create", Path = $"{Work}/dist/assets/chunk-{n:x8}.js", Pid = 100, Process = "node" },
                8 => new AccessEvent { Operation = "file-write-data", Path = $"{Home}/.cache/tool/{index}-{n:x6}.tmp", Pid = 100, Process = "node" },
                _ => new AccessEvent { Operation = "file-write-data", Path = $"{tmp}/t{n}", Pid = 100, Process = "node" },
            };
        }

        return new ObservedRun(RunKind.Observe, index, tmp, events);
    }
}
