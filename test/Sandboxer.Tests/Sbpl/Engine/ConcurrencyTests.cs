using Sandboxer.Sbpl.Engine;
using Sandboxer.Tests.Support;
using static Sandboxer.Tests.Support.Rules;

namespace Sandboxer.Tests.Sbpl.Engine;

public sealed class ConcurrencyTests
{
    [Fact]
    public void Parallel_decisions_on_a_fresh_engine_equal_sequential_ones()
    {
        var profile = new Rules().Deny("default")
            .Allow("file-read*", Subpath("/usr"))
            .Deny("file-read-data", Regex(@"^/usr/secret/[^/]+$"))
            .Allow("file-read*", All(Subpath("/dev"), Attribute("vnode-type", "CHARACTER-DEVICE")))
            .Import("system.sb")
            .Allow("mach-lookup", GlobalName("com.apple.x"))
            .Build();
        string[] operations = ["file-read-data", "file-read-metadata", "file-write-data", "mach-lookup", "process-exec"];
        var requests = Enumerable.Range(0, 4000)
            .Select(i => new AccessRequest(operations[i % operations.Length])
            {
                Path = i % 5 == 3 ? null : (i % 3) switch { 0 => "/usr/lib/x" + (i % 7), 1 => "/usr/secret/k" + (i % 5), _ => "/dev/tty" + (i % 4) },
                Name = i % 5 == 3 ? "com.apple.x" : null,
            })
            .ToArray();
        var sequential = requests.Select(PolicyEngine.Compile(profile).Decide).ToArray();
        var engine = PolicyEngine.Compile(profile);
        var parallel = new Decision[requests.Length];
        Parallel.For(0, requests.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i] = engine.Decide(requests[i]));
        Assert.Equal(sequential, parallel);
    }
}
