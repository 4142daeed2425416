using BenchmarkDotNet.Attributes;
using Sandboxer.Sbpl.Engine;
using Sandboxer.Sbpl.Policy;
using Sandboxer.Tests.Sbpl.Engine;

namespace Sandboxer.Benchmarks.Engine;

/// <summary>
/// Path decisions per second on Chromium's renderer profile (common.sb + renderer.sb), compiled engine against the
/// linear-scan reference in the same run, plus the cost of compiling the profile.
/// </summary>
[MemoryDiagnoser]
public class ChromiumDecisionBenchmarks
{
    private static readonly string[] RequestOperations = ["file-read-data", "file-read-metadata", "file-write-data"];

    private Profile _profile = null!;
    private PolicyEngine _engine = null!;
    private ReferenceEngine _reference = null!;
    private AccessRequest[] _requests = null!;

    [GlobalSetup]
    public void Setup()
    {
        _profile = ChromiumProfile.Load();
        _engine = PolicyEngine.Compile(_profile);
        _reference = new ReferenceEngine(_profile);
        _requests = [.. ChromiumProfile.Paths(_profile).Take(1024).Select((p, i) => new AccessRequest(RequestOperations[i % RequestOperations.Length]) { Path = p })];
        foreach (var request in _requests)
        {
            _engine.Decide(request);
        }
    }

    [Benchmark(OperationsPerInvoke = 1024)]
    public int Compiled() => Count(_engine.Decide);

    [Benchmark(OperationsPerInvoke = 1024, Baseline = true)]
    public int Reference() => Count(r => _reference.Decide(r).Action == RuleAction.Allow ? Allow : Deny);

    [Benchmark]
    public PolicyEngine Compile() => PolicyEngine.Compile(_profile);

    private static readonly Decision Allow = new(RuleAction.Allow, DecisionReason.Builtin, "default", null, []);
    private static readonly Decision Deny = new(RuleAction.Deny, DecisionReason.Builtin, "default", null, []);

    private int Count(Func<AccessRequest, Decision> decide)
    {
        var allowed = 0;
        for (var i = 0; i < 1024; i++)
        {
            if (decide(_requests[i % _requests.Length]).Action == RuleAction.Allow)
            {
                allowed++;
            }
        }

        return allowed;
    }
}
