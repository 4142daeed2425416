using Sandboxer.Platforms.MacOS.Collector;
using Sandboxer.Platforms.MacOS.Driver;
using Sandboxer.Platforms.Probes;
using Sandboxer.Platforms.Probes.MacOS;
using Sandboxer.Platforms.Profiling;
using Sandboxer.Platforms.Tests.MacOS.Collector;
using Sandboxer.Sbpl.Evaluation;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Platforms.Tests.MacOS.Probes;

/// <summary>
/// The macOS negative probes over the scripted Mac: sandbox-exec command lines, the canaries in a real temporary
/// HOME, and the helpers' accesses decided by the scripted kernel with the engine (allowed ones really happen).
/// </summary>
public sealed class MacNegativeProbesTests
{
    private static readonly TimeSpan Patient = TimeSpan.FromSeconds(30);

    private static readonly string[] FileProbes =
    [
        "read-ssh", "read-aws", "read-netrc", "read-gh", "read-chrome-macos", "read-keychains-user", "read-master-passwd",
        "append-shell-bashrc", "append-shell-zshrc", "append-shell-profile", "create-launch-agents-user", "write-outside-working-dir", "exec-undeclared",
    ];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>The helpers the probes look for, as the kernel names them (resolved).</summary>
    private static string HelperRules => string.Join(
        " ",
        new[] { "/bin/sh", "/bin/bash", "/usr/bin/python3" }.Where(File.Exists).Select(p => RealPathResolver.Instance.RealPath(p) ?? p).Distinct().Select(p => $"(literal \"{p}\")"));

    private static SourceText Tight => new($"(version 1)\n(deny default)\n(allow process-exec {HelperRules})\n", "/Users/ana/tight.sb");

    private static MacNegativeProbes Prober(IMacSandboxPlatform platform) =>
        new(platform, RealPathResolver.Instance, new CollectorOptions(Patient, Patient, 3, TimeSpan.FromSeconds(5), Patient));

    private static Task<ProbeReport> RunAsync(ScriptedMacSandboxPlatform platform, SourceText profile, Dictionary<string, string>? parameters = null) =>
        Prober(platform).RunAsync([profile], parameters ?? [], LoadOptions.Default, Token);

    [Fact]
    public async Task A_tight_profile_blocks_every_probe_with_the_kernels_denial_and_the_deciding_rule()
    {
        var platform = new ScriptedMacSandboxPlatform(ScriptedProbeHelper.Respond);
        var report = await RunAsync(platform, Tight);

        Assert.Equal([.. FileProbes, "connect-loopback", "connect-external"], report.Results.Select(r => r.Id));
        Assert.False(report.AnyLeak);
        foreach (var result in report.Results.Where(r => r.Id != "connect-external"))
        {
            Assert.True(result.Outcome == ProbeOutcome.Blocked, $"{result.Id}: {result.Outcome} — {result.Evidence}");
            Assert.Equal("EPERM", result.Errno);
            Assert.StartsWith("Seatbelt denied ", result.Evidence, StringComparison.Ordinal);
            Assert.Contains("reported by the kernel for this attempt", result.Evidence, StringComparison.Ordinal);
            Assert.Equal("denied by /Users/ana/tight.sb:2:1 (deny default)", result.Rule);
            Assert.NotNull(result.Helper);
        }

        var ssh = report.Results[0];
        Assert.Equal("Seatbelt denied file-read-data " + ssh.Target + " (EPERM), reported by the kernel for this attempt", ssh.Evidence);
        Assert.EndsWith("/home/.ssh/id_rsa", ssh.Target, StringComparison.Ordinal);
        Assert.EndsWith("/home/Library/Keychains/login.keychain-db", report.Results.Single(r => r.Id == "read-keychains-user").Target, StringComparison.Ordinal);
        Assert.EndsWith("/home/Library/LaunchAgents/com.example.agent.plist", report.Results.Single(r => r.Id == "create-launch-agents-user").Target, StringComparison.Ordinal);
        Assert.Equal("/private/etc/master.passwd", report.Results.Single(r => r.Id == "read-master-passwd").Target);

        var external = report.Results[^1];
        Assert.Equal((ProbeOutcome.Blocked, "192.0.2.1:443", null), (external.Outcome, external.Target, external.Helper));
        Assert.Contains("no connection was tried", external.Evidence, StringComparison.Ordinal);
        Assert.DoesNotContain(platform.Commands, c => c.Any(a => a.Contains("192.0.2.1", StringComparison.Ordinal))); // no packet may leave
    }

    [Fact]
    public async Task Runs_each_attempt_with_the_exact_command_line_in_a_temporary_world_that_is_removed()
    {
        var platform = new ScriptedMacSandboxPlatform(ScriptedProbeHelper.Respond);
        await RunAsync(platform, Tight, new Dictionary<string, string> { ["CACHE"] = "/Users/ana/.cache" });

        var index = platform.Commands.FindIndex(c => c.Count > 0 && c[^1].EndsWith("/.ssh/id_rsa", StringComparison.Ordinal) && c[0] == "/usr/bin/sandbox-exec" && c[1] == "-f");
        var ssh = platform.Commands[index];
        var home = ssh[^1][..^"/.ssh/id_rsa".Length];
        var root = Path.GetDirectoryName(home)!;
        var shell = RealPathResolver.Instance.RealPath("/bin/sh")!;
        Assert.Equal(
            [
                "/usr/bin/sandbox-exec", "-f", ssh[2],
                "-D", "CACHE=/Users/ana/.cache", "-D", "HOME=" + home, "-D", "TMPDIR=" + root + "/tmp", "-D", "WORKING_DIR=" + root + "/work",
                "--", shell, .. new ProbeHelper("sh", shell, HelperKind.Shell).Arguments(ProbeAction.Read, home + "/.ssh/id_rsa").Skip(1),
            ],
            ssh);
        Assert.StartsWith(ScriptedMacSandboxPlatform.TemporaryDirectory + "/sandboxer-sbx_", ssh[2], StringComparison.Ordinal);
        Assert.Equal(root + "/work", platform.WorkingDirectories[index]);
        Assert.Equal(["HOME", "LANG", "LC_ALL", "PATH", "PWD", "TMPDIR"], platform.Environments[index]!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(MacStdio.Capture, platform.StdioModes[index]);
        Assert.Contains("(with message \"sbx_", platform.ExecutedProfiles[^1], StringComparison.Ordinal);
        Assert.False(Directory.Exists(root));
        Assert.Empty(platform.Files);
    }

    [Fact]
    public async Task A_profile_that_opens_home_leaks_the_secrets_and_names_the_rule()
    {
        var leaky = new SourceText($"(version 1)\n(deny default)\n(allow process-exec {HelperRules})\n(allow file-read* (subpath (param \"HOME\")))\n", "/Users/ana/leaky.sb");
        var report = await RunAsync(new ScriptedMacSandboxPlatform(ScriptedProbeHelper.Respond), leaky);

        Assert.True(report.AnyLeak);
        foreach (var id in new[] { "read-ssh", "read-aws", "read-netrc", "read-gh", "read-chrome-macos", "read-keychains-user" })
        {
            var result = report.Results.Single(r => r.Id == id);
            Assert.Equal(ProbeOutcome.Leaked, result.Outcome);
            Assert.Equal("the canary secret appeared in the helper's output", result.Evidence);
            Assert.StartsWith("allowed by /Users/ana/leaky.sb:4:1", result.Rule, StringComparison.Ordinal);
        }

        Assert.Equal(ProbeOutcome.Blocked, report.Results.Single(r => r.Id == "append-shell-bashrc").Outcome);
        Assert.Equal(ProbeOutcome.Blocked, report.Results.Single(r => r.Id == "read-master-passwd").Outcome);
    }

    [Fact]
    public async Task Writes_and_network_that_the_profile_allows_leak_by_ground_truth()
    {
        var open = new SourceText($"(version 1)\n(deny default)\n(allow process-exec {HelperRules})\n(allow file-write* (subpath (param \"HOME\")))\n(allow network*)\n", "/Users/ana/open.sb");
        var report = await RunAsync(new ScriptedMacSandboxPlatform(ScriptedProbeHelper.Respond), open);

        Assert.Equal(ProbeOutcome.Leaked, report.Results.Single(r => r.Id == "append-shell-zshrc").Outcome);
        Assert.Equal("the file was written", report.Results.Single(r => r.Id == "create-launch-agents-user").Evidence);
        var loopback = report.Results.Single(r => r.Id == "connect-loopback");
        Assert.Equal((ProbeOutcome.Leaked, "the probe's listener accepted the connection"), (loopback.Outcome, loopback.Evidence));
        var external = report.Results.Single(r => r.Id == "connect-external");
        Assert.Equal(ProbeOutcome.Leaked, external.Outcome);
        Assert.StartsWith("allowed by /Users/ana/open.sb:5:1", external.Rule, StringComparison.Ordinal);
        Assert.Equal(ProbeOutcome.Blocked, report.Results.Single(r => r.Id == "read-ssh").Outcome);
    }

    [Fact]
    public async Task A_profile_that_lets_no_helper_run_is_reported_honestly()
    {
        var platform = new ScriptedMacSandboxPlatform(ScriptedProbeHelper.Respond);
        var report = await RunAsync(platform, new SourceText("(version 1)\n(deny default)\n", "/Users/ana/nothing.sb"));

        Assert.False(report.AnyLeak);
        Assert.All(report.Results.SkipLast(1), r => Assert.Equal(ProbeOutcome.BlockedCouldNotExecute, r.Outcome));
        Assert.Equal(ProbeOutcome.Blocked, report.Results[^1].Outcome); // decided by the engine alone anyway
        Assert.DoesNotContain(platform.Commands, c => c.Contains("probe")); // only the helpers' trial runs
    }

    [Fact]
    public async Task A_lost_report_leaves_the_errno_as_evidence()
    {
        var platform = new ScriptedMacSandboxPlatform(ScriptedProbeHelper.Respond) { Drop = m => m.Contains("/.ssh/id_rsa", StringComparison.Ordinal) };
        var report = await RunAsync(platform, Tight);

        var ssh = report.Results[0];
        Assert.Equal((ProbeOutcome.Blocked, "EPERM"), (ssh.Outcome, ssh.Errno));
        Assert.Equal("the attempt failed with EPERM; no sandbox report was collected for it (reports are a lower bound)", ssh.Evidence);
    }

    [Fact]
    public async Task A_nested_sandbox_or_a_rejected_profile_stops_the_probes_with_the_reason()
    {
        var nested = new ScriptedMacSandboxPlatform(_ => throw new InvalidOperationException("nothing may run")) { Nested = true };
        var unavailable = await Assert.ThrowsAsync<PlatformUnavailableException>(() => RunAsync(nested, Tight));
        Assert.Equal(NestedSandbox.Explanation, unavailable.Message);

        var rejecting = new ScriptedMacSandboxPlatform(run => new ScriptedResponse(65, $"sandbox-exec: unbound variable: bogus at {run.Argv[2]}, line 2\n", []));
        var rejected = await Assert.ThrowsAsync<ProfileRejectedException>(() => RunAsync(rejecting, Tight));
        Assert.Equal("/Users/ana/tight.sb:2:1: error: sandbox-exec rejected the profile: unbound variable: bogus\n    (deny default)", rejected.Message);
    }
}
