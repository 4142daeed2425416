using Sandboxer.Events;
using Sandboxer.Platforms.MacOS.Collector;
using Sandboxer.Platforms.MacOS.Driver;
using Sandboxer.Platforms.Tests.MacOS.Driver;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Platforms.Tests.MacOS.Collector;

public sealed class SandboxCollectorTests
{
    /// <summary>Appendix A 3, 4, 10, 12: other processes' denials that a real stream carries.</summary>
    private static readonly string[] Foreign =
    [
        "1 duplicate report for Sandbox: searchpartyuseragent(1156) deny(1) mach-lookup com.apple.contactsd.persistence",
        "3 duplicate reports for Sandbox: imagent(544) deny(1) mach-lookup com.apple.contactsd.persistence",
        "Sandbox: gputoolsserviced(15546) deny(1) file-read-data /usr/libexec",
        "Sandbox: imagent(544) deny(1) mach-lookup com.apple.AddressBook.ContactsAccountsService",
    ];

    // Waits end as soon as the awaited sentinel arrives, so generous bounds cost nothing when it does; short
    // bounds are used only where a sentinel is meant never to arrive.
    private static readonly TimeSpan Patient = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);

    private static readonly SandboxEnvironment Mac = new("/Users/ana", "/Users/ana/project", "/var/folders/xx/yy/T/");

    private static MacRunRequest Request(string profile = "(version 1)\n(deny default)\n(allow process-exec (literal \"/bin/zsh\"))\n") =>
        new([new SourceText(profile, "/Users/ana/zsh.sb")], new Dictionary<string, string>(), ["/bin/zsh", "-c", "date"], Mac);

    /// <summary>The buckle cursor capture (Appendix A 13–17): a shell and its child under a deny-default profile.</summary>
    private static ScriptedResponse ZshUnderDenyDefault(ScriptedRun run) => new(
        0,
        string.Empty,
        [
            $"Sandbox: zsh({run.Pid}) deny(1) file-write-data /dev/dtracehelper\n{run.Tag}",
            $"Sandbox: zsh({run.Pid}) deny(1) mach-lookup com.apple.system.notification_center\n{run.Tag}",
            $"Sandbox: zsh({run.Pid}) deny(1) mach-lookup com.apple.logd\n{run.Tag}",
            $"Sandbox: zsh({run.Pid}) deny(1) mach-lookup com.apple.diagnosticd\n{run.Tag}",
            $"Sandbox: date({run.Pid + 1}) deny(1) mach-lookup com.apple.system.notification_center\n{run.Tag}",
            $"2 duplicate reports for Sandbox: zsh({run.Pid}) deny(1) mach-lookup com.apple.logd",
            $"Sandbox: zsh({run.Pid}) deny(1) file-read-data /private/etc/hosts\n{run.Tag}",
        ],
        LateReports: [$"5 duplicate reports for Sandbox: zsh({run.Pid}) deny(1) file-read-data /private/etc/hosts"]);

    private static SandboxCollector Collector(IMacSandboxPlatform platform, TimeSpan? ready = null, TimeSpan? fence = null, bool tag = true) =>
        new(platform, FakePathResolver.MacOS, new CollectorOptions(ready ?? Patient, fence ?? Patient, 3, TimeSpan.FromSeconds(5), Patient, tag));

    [Fact]
    public async Task Collects_the_runs_reports_and_nothing_else()
    {
        var platform = new ScriptedMacSandboxPlatform(ZshUnderDenyDefault) { ForeignReports = Foreign };
        var run = await Collector(platform).RunAsync(Request(), TestContext.Current.CancellationToken);

        Assert.Equal(CollectionQuality.Fenced, run.Quality);
        Assert.Null(run.Detail);
        Assert.Equal(new TargetExited(0), run.Outcome);
        Assert.Equal(
            [
                ("file-write-data", "/dev/dtracehelper", 1L),
                ("mach-lookup", "com.apple.system.notification_center", 1L),
                ("mach-lookup", "com.apple.logd", 3L),
                ("mach-lookup", "com.apple.diagnosticd", 1L),
                ("mach-lookup", "com.apple.system.notification_center", 1L),
                ("file-read-data", "/private/etc/hosts", 6L),
            ],
            run.Events.Select(e => (e.Operation, e.Path ?? e.Name, e.Count)));
        Assert.All(run.Events, e => Assert.Equal(AccessResult.Denied, e.Result));
        Assert.Equal([run.Process!.Pid, run.Process.Pid + 1], run.Events.Select(e => e.Pid).Distinct());
        Assert.Equal(1, run.LateReports);
        Assert.True(run.Statistics.ProfileReports > run.Events.Count); // sentinels and foreign reports were read, then left out
    }

    [Fact]
    public async Task Runs_exactly_the_documented_commands_and_cleans_up()
    {
        var platform = new ScriptedMacSandboxPlatform(ZshUnderDenyDefault);
        var run = await Collector(platform).RunAsync(Request(), TestContext.Current.CancellationToken);

        Assert.Equal(["/usr/bin/log", "stream", "--style", "ndjson", "--predicate", "sender == \"Sandbox\""], platform.LogStreamCommand);
        Assert.Equal(3, platform.Commands.Count);
        var sentinelFile = $"{ScriptedMacSandboxPlatform.TemporaryDirectory}/sandboxer-{run.Tag}.sentinel";
        Assert.Equal(
            ["/usr/bin/sandbox-exec", "-p", $"(version 1)(allow default)(deny file-read-data (literal \"{sentinelFile}\") (with message \"{run.Tag}_ready\"))", "/bin/cat", sentinelFile],
            platform.Commands[0]);
        Assert.Equal(
            [
                "/usr/bin/sandbox-exec", "-f", $"{ScriptedMacSandboxPlatform.TemporaryDirectory}/sandboxer-{run.Tag}.sb",
                "-D", "HOME=/Users/ana", "-D", "TMPDIR=/private/var/folders/xx/yy/T", "-D", "WORKING_DIR=/Users/ana/project",
                "--", "/bin/zsh", "-c", "date",
            ],
            platform.Commands[1]);
        Assert.Equal(platform.Commands[1], run.Argv);
        Assert.Equal([null, "/Users/ana/project", null], platform.WorkingDirectories);
        Assert.All(platform.StdioModes, m => Assert.Equal(MacStdio.Capture, m));
        Assert.EndsWith($"(with message \"{run.Tag}_fence\"))", platform.Commands[2][2], StringComparison.Ordinal);
        Assert.Equal($"(version 1)\n(deny default (with message \"{run.Tag}\"))\n(allow process-exec (literal \"/bin/zsh\"))\n", Assert.Single(platform.ExecutedProfiles));
        Assert.Empty(platform.Files);
    }

    [Fact]
    public async Task Labels_platform_noise_as_essentials_without_dropping_it()
    {
        var platform = new ScriptedMacSandboxPlatform(ZshUnderDenyDefault);
        var run = await Collector(platform).RunAsync(Request(), TestContext.Current.CancellationToken);

        Assert.Equal(
            ["dev-dtracehelper", "mach-notification-center", "mach-logd", "mach-diagnosticd", "mach-notification-center"],
            run.Essentials.Select(e => e.Essential.Id));
        Assert.All(run.Essentials, e => Assert.True(e.Essential.IsStartupNoise));
        Assert.All(run.Essentials, e => Assert.Contains(e.Event, run.Events));
        Assert.DoesNotContain(run.Essentials, e => e.Event.Path == "/private/etc/hosts");
    }

    [Fact]
    public async Task Attributes_descendants_by_tag_and_their_untagged_reports_by_pid()
    {
        var platform = new ScriptedMacSandboxPlatform(run => ScriptedResponse.Exit(
            0,
            $"Sandbox: sh({run.Pid + 7}) deny(1) process-exec* /usr/bin/git\n{run.Tag}",
            $"Sandbox: sh({run.Pid + 7}) allow file-read-data /Users/ana/project/README",
            $"Sandbox: other({run.Pid + 8}) allow file-read-data /Users/ana/project/README"));
        var run = await Collector(platform).RunAsync(Request(), TestContext.Current.CancellationToken);

        Assert.Equal(
            [("process-exec*", AccessResult.Denied), ("file-read-data", AccessResult.Ok)],
            run.Events.Select(e => (e.Operation, e.Result)));
        Assert.All(run.Events, e => Assert.Equal(run.Process!.Pid + 7, e.Pid));
    }

    [Fact]
    public async Task Fires_the_fence_again_when_its_report_is_lost()
    {
        var fencesDropped = 0;
        var platform = new ScriptedMacSandboxPlatform(ZshUnderDenyDefault)
        {
            Drop = message => message.EndsWith("_fence", StringComparison.Ordinal) && fencesDropped++ == 0,
        };
        var run = await Collector(platform, fence: TimeSpan.FromSeconds(3)).RunAsync(Request(), TestContext.Current.CancellationToken);

        Assert.Equal(CollectionQuality.Fenced, run.Quality);
        Assert.True(platform.Commands.Count >= 4); // ready, target, fence, fence again
    }

    [Fact]
    public async Task A_fence_that_never_arrives_bounds_the_wait_and_says_so()
    {
        var platform = new ScriptedMacSandboxPlatform(ZshUnderDenyDefault) { Drop = message => message.EndsWith("_fence", StringComparison.Ordinal) };
        var run = await Collector(platform, fence: Short).RunAsync(Request(), TestContext.Current.CancellationToken);

        Assert.Equal(CollectionQuality.Unfenced, run.Quality);
        Assert.Contains("FENCE", run.Detail, StringComparison.Ordinal);
        Assert.Equal(2 + 3, platform.Commands.Count); // ready, target, three fences
        Assert.Contains(run.Events, e => e.Path == "/private/etc/hosts"); // what did arrive is kept: a lower bound
    }

    [Fact]
    public async Task A_stream_that_is_not_live_still_runs_the_target_and_says_so()
    {
        var platform = new ScriptedMacSandboxPlatform(ZshUnderDenyDefault) { Drop = message => message.EndsWith("_ready", StringComparison.Ordinal) };
        var run = await Collector(platform, ready: Short).RunAsync(Request(), TestContext.Current.CancellationToken);

        Assert.Equal(CollectionQuality.NotLive, run.Quality);
        Assert.NotNull(run.Process);
        Assert.NotEmpty(run.Events);
    }

    [Fact]
    public async Task Lossy_delivery_gives_a_lower_bound()
    {
        var platform = new ScriptedMacSandboxPlatform(ZshUnderDenyDefault) { Drop = message => message.Contains("/private/etc/hosts\n", StringComparison.Ordinal) };
        var run = await Collector(platform).RunAsync(Request(), TestContext.Current.CancellationToken);

        // The first report was lost; its late duplicate summary still says the access happened (5 more times).
        var hosts = Assert.Single(run.Events, e => e.Path == "/private/etc/hosts");
        Assert.Equal(5, hosts.Count);
        Assert.Null(hosts.Tag);
    }

    [Fact]
    public async Task A_nested_sandbox_stops_before_the_target_with_an_explanation()
    {
        var platform = new ScriptedMacSandboxPlatform(_ => throw new InvalidOperationException("the target must not run")) { Nested = true };
        var run = await Collector(platform).RunAsync(Request(), TestContext.Current.CancellationToken);

        Assert.IsType<NestedSandbox>(run.Outcome);
        Assert.Contains("forbidden-sandbox-reinit", run.Detail, StringComparison.Ordinal);
        Assert.Null(run.Process);
        Assert.Empty(run.Argv);
        Assert.Single(platform.Commands);
        Assert.Empty(run.Events);
        Assert.Empty(platform.Files);
    }

    [Fact]
    public async Task A_log_that_cannot_run_means_nothing_can_be_observed()
    {
        var platform = new ScriptedMacSandboxPlatform(_ => throw new InvalidOperationException("the target must not run")) { LogFailure = "log: Cannot run while sandboxed" };
        var run = await Collector(platform).RunAsync(Request(), TestContext.Current.CancellationToken);

        Assert.Equal(CollectionQuality.StreamFailed, run.Quality);
        Assert.Contains("log: Cannot run while sandboxed", run.Detail, StringComparison.Ordinal);
        Assert.Null(run.Outcome);
        Assert.DoesNotContain(platform.Commands, c => c.Contains("-f")); // at most a sentinel ran, never the target
    }

    [Fact]
    public async Task Maps_a_compile_error_back_to_the_users_profile()
    {
        var platform = new ScriptedMacSandboxPlatform(run => new ScriptedResponse(
            65, $"sandbox-exec: unbound variable: bogus-op at {run.Argv[2]}, line 3, column 8\n", []));
        var run = await Collector(platform).RunAsync(
            Request("(version 1)\n(deny default)\n(allow bogus-op)\n"), TestContext.Current.CancellationToken);

        var rejected = Assert.IsType<ProfileRejected>(run.Outcome);
        Assert.Equal("unbound variable: bogus-op", rejected.Message);
        Assert.Equal(("/Users/ana/zsh.sb", 3, 8), (rejected.Location!.Path, rejected.Location.Start.Line, rejected.Location.Start.Column));
    }

    [Fact]
    public async Task Untagged_runs_are_attributed_by_the_root_pid()
    {
        var platform = new ScriptedMacSandboxPlatform(run => ScriptedResponse.Exit(
            1,
            $"Sandbox: node({run.Pid}) deny(1) file-read-data /Users/ana/project/index.js{(run.Tag is null ? string.Empty : "\n" + run.Tag)}",
            $"Sandbox: node({run.Pid + 3}) deny(1) file-read-data /Users/ana/elsewhere"));
        var run = await Collector(platform, tag: false).RunAsync(Request(), TestContext.Current.CancellationToken);

        Assert.DoesNotContain("with message", Assert.Single(platform.ExecutedProfiles), StringComparison.Ordinal);
        var e = Assert.Single(run.Events);
        Assert.Equal(("/Users/ana/project/index.js", run.Process!.Pid, null), (e.Path, e.Pid, e.Tag));
        Assert.Equal(CollectionQuality.Fenced, run.Quality); // sentinels keep their own tags
    }

    [Fact]
    public async Task Untagged_reports_of_descendants_seen_in_the_process_tree_belong_to_the_run()
    {
        // The buckle cursor capture, untagged: zsh runs date as a child (Appendix A 13, 17); a foreign process's
        // untagged denial (Appendix A 10) and a pid the tree never showed stay out.
        var platform = new ScriptedMacSandboxPlatform(run => ScriptedResponse.Exit(
            0,
            $"Sandbox: zsh({run.Pid}) deny(1) file-write-data /dev/dtracehelper",
            $"Sandbox: date({run.Pid + 1}) deny(1) mach-lookup com.apple.system.notification_center",
            $"Sandbox: date({run.Pid + 2}) deny(1) mach-lookup com.apple.system.notification_center",
            "Sandbox: gputoolsserviced(15546) deny(1) file-read-data /usr/libexec") with { Descendants = [run.Pid + 1] });
        var run = await Collector(platform, tag: false).RunAsync(Request(), TestContext.Current.CancellationToken);

        Assert.Equal([run.Process!.Pid + 1], run.Process.Descendants);
        Assert.Equal(
            [("zsh", run.Process.Pid), ("date", run.Process.Pid + 1)],
            run.Events.Select(e => (e.Process!, e.Pid)));
    }

    [Fact]
    public async Task The_availability_probe_runs_bazels_command()
    {
        var platform = new ScriptedMacSandboxPlatform(_ => throw new InvalidOperationException("not a target run"));
        var available = await SandboxExecProbe.CheckAsync(platform, _ => true, TestContext.Current.CancellationToken);
        Assert.True(available.IsAvailable);
        Assert.Equal(SandboxExecProbe.Argv, Assert.Single(platform.Commands));

        var nested = await SandboxExecProbe.CheckAsync(new ScriptedMacSandboxPlatform(_ => throw new InvalidOperationException()) { Nested = true }, _ => true, TestContext.Current.CancellationToken);
        Assert.Equal(NestedSandbox.Explanation, nested.Reason);

        var linux = new ScriptedMacSandboxPlatform(_ => throw new InvalidOperationException());
        var missing = await SandboxExecProbe.CheckAsync(linux, _ => false, TestContext.Current.CancellationToken);
        Assert.False(missing.IsAvailable);
        Assert.Empty(linux.Commands);
    }
}
