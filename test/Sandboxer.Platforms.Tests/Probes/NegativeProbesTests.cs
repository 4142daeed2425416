using Sandboxer.Platforms.Probes;
using Sandboxer.Platforms.Tests.Support;
using Sandboxer.Sbpl.Policy;
using static Sandboxer.Platforms.Tests.Support.ProfileBuilder;

namespace Sandboxer.Platforms.Tests.Probes;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NegativeProbesTests
{
    [Fact]
    public async Task A_tight_profile_blocks_every_probe_with_evidence()
    {
        var report = await NegativeProbes.RunAsync(TightProfile, new Dictionary<string, string>(), TestContext.Current.CancellationToken);

        foreach (var result in report.Results)
        {
            Assert.True(result.Outcome == ProbeOutcome.Blocked, $"{result.Id}: {result.Outcome} — {result.Evidence}");
            Assert.NotNull(result.Helper);
            Assert.False(string.IsNullOrEmpty(result.Rule));
        }

        var ssh = Assert.Single(report.Results, r => r.Id == "read-ssh");
        Assert.Equal("EACCES", ssh.Errno);
        Assert.Contains("fs.read_file", ssh.Evidence, StringComparison.Ordinal);
        Assert.Contains("by default", ssh.Rule, StringComparison.Ordinal);
        Assert.Contains(report.Results, r => r.Id == "connect-loopback");
        Assert.Contains(report.Results, r => r.Id == "connect-external");
        Assert.Contains(report.Results, r => r.Id == "exec-undeclared" && r.Errno == "EACCES");
    }

    [Fact]
    public async Task A_profile_that_opens_home_leaks_the_secrets_and_names_the_rule()
    {
        Profile Leaky(IReadOnlyDictionary<string, string> parameters) => new ProfileBuilder()
            .RuntimeBasics()
            .Allow("file-read*", Subpath(parameters["HOME"]))
            .Build();

        var report = await NegativeProbes.RunAsync(Leaky, new Dictionary<string, string>(), TestContext.Current.CancellationToken);

        Assert.True(report.AnyLeak);
        var ssh = Assert.Single(report.Results, r => r.Id == "read-ssh");
        Assert.Equal(ProbeOutcome.Leaked, ssh.Outcome);
        Assert.Contains("canary", ssh.Evidence, StringComparison.Ordinal);
        Assert.Contains("/test/profile.sb:4:1", ssh.Rule, StringComparison.Ordinal);
        Assert.Equal(ProbeOutcome.Blocked, Assert.Single(report.Results, r => r.Id == "append-shell-bashrc").Outcome);
    }

    [Fact]
    public async Task A_profile_that_lets_no_helper_run_is_reported_honestly()
    {
        Profile Nothing(IReadOnlyDictionary<string, string> parameters) => new ProfileBuilder().Allow("file-read*", Literal("/etc/hostname")).Build();

        var report = await NegativeProbes.RunAsync(Nothing, new Dictionary<string, string>(), TestContext.Current.CancellationToken);

        Assert.False(report.AnyLeak);
        Assert.All(report.Results, r => Assert.Equal(ProbeOutcome.BlockedCouldNotExecute, r.Outcome));
    }

    internal static Profile TightProfile(IReadOnlyDictionary<string, string> parameters) => new ProfileBuilder()
        .RuntimeBasics()
        .Allow("file-read* file-write*", Subpath(parameters["WORKING_DIR"]))
        .Allow("file-read* file-write*", Subpath(parameters["TMPDIR"]))
        .Build();
}
