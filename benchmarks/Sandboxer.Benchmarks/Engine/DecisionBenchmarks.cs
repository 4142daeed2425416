using BenchmarkDotNet.Attributes;
using Sandboxer.Sbpl.Engine;
using Sandboxer.Sbpl.Policy;
using Sandboxer.Tests.Sbpl.Engine;

namespace Sandboxer.Benchmarks.Engine;

/// <summary>
/// Path decisions per second on a generated 500-rule profile: the compiled engine against the linear-scan reference
/// the tests use as oracle, in the same run. Each invocation decides <see cref="Batch"/> requests.
/// </summary>
[MemoryDiagnoser]
public class DecisionBenchmarks
{
    private const int Batch = 1024;
    private static readonly string[] RequestOperations = ["file-read-data", "file-read-metadata", "file-write-data", "process-exec"];

    private PolicyEngine _engine = null!;
    private ReferenceEngine _reference = null!;
    private AccessRequest[] _requests = null!;

    [GlobalSetup]
    public void Setup()
    {
        var profile = GeneratedProfile.Create(500);
        _engine = PolicyEngine.Compile(profile);
        _reference = new ReferenceEngine(profile);
        var paths = GeneratedProfile.Paths(Batch);
        _requests = [.. paths.Select((p, i) => new AccessRequest(RequestOperations[i % RequestOperations.Length]) { Path = p })];
        foreach (var request in _requests)
        {
            _engine.Decide(request);
        }
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int Compiled()
    {
        var allowed = 0;
        foreach (var request in _requests)
        {
            if (_engine.Decide(request).Action == RuleAction.Allow)
            {
                allowed++;
            }
        }

        return allowed;
    }

    [Benchmark(OperationsPerInvoke = Batch, Baseline = true)]
    public int Reference()
    {
        var allowed = 0;
        foreach (var request in _requests)
        {
            if (_reference.Decide(request).Action == RuleAction.Allow)
            {
                allowed++;
            }
        }

        return allowed;
    }
}
