using Sandboxer.Events;
using Sandboxer.Synthesis;
using Sandboxer.Synthesis.Generalization;
using Sandboxer.Synthesis.Grants;

namespace Sandboxer.Tests.Synthesis;

public sealed class GeneratedNamesTests
{
    [Theory]
    [InlineData("e81d1cc2-bd09-44b4-b0cf-f73bb89dbb3f", "[0-9a-fA-F-]+")]
    [InlineData("2026-11-27T05_10_03_123Z-debug-0.log", @"[0-9TZ_:.-]+-debug-0\.log")]
    [InlineData("index-3f9a8b7c6d5e4f3a2b1c.json", @"index-[0-9a-f]+\.json")]
    [InlineData("build.1732650000123.tmp", @"build\.[0-9]+\.tmp")]
    public void Tokens_made_fresh_every_run_become_classes(string name, string expected)
    {
        var shape = GeneratedNames.Infer(name);
        Assert.NotNull(shape);
        Assert.Equal(expected, shape.Value.Regex);
        Assert.Matches("^" + shape.Value.Regex + "$", name);
    }

    [Theory]
    [InlineData("libfoo2.so")]
    [InlineData("package.json")]
    [InlineData("m1.cpython-311.pyc")]
    [InlineData("abc1234")]
    [InlineData("x86_64-linux-gnu")]
    public void Ordinary_names_have_no_token(string name) => Assert.Null(GeneratedNames.Infer(name));

    [Fact]
    public void A_log_named_by_timestamp_is_a_regex_after_one_run()
    {
        var run = new ObservedRun(RunKind.Observe, 0, "/tmp/r", [new AccessEvent
        {
            Operation = "file-write-create",
            Path = "/home/a/.npm/_logs/2026-11-27T05_10_03_123Z-debug-0.log",
            Pid = 1,
            Process = "npm",
        }]);
        var context = new SynthesisContext { Platform = Sandboxer.Analysis.TargetPlatform.Linux, Home = "/home/a", WorkingDirectory = "/home/a/p", Sensitivity = new FakeSensitivity("/home/a") };
        var grant = Assert.Single(Synthesizer.Synthesize([run], context).Grants, g => g.Operation == "file-write-create");
        var regex = Assert.IsType<RegexPattern>(((PathTarget)grant.Target).Pattern);
        Assert.True(regex.Covers(new Sandboxer.Synthesis.Paths.AnchoredPath("HOME", "/.npm/_logs/2026-11-28T09_00_00_001Z-debug-0.log")));
        Assert.False(regex.Covers(new Sandboxer.Synthesis.Paths.AnchoredPath("HOME", "/.npm/_logs/evil")));
    }
}
