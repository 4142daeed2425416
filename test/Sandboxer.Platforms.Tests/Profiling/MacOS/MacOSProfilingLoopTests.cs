using Sandboxer.Platforms.MacOS.Driver;
using Sandboxer.Platforms.Profiling;
using Sandboxer.Platforms.Profiling.MacOS;
using Sandboxer.Platforms.Tests.MacOS.Collector;
using Sandboxer.Synthesis;
using static Sandboxer.Platforms.Tests.Profiling.MacOS.MacOSLoopFixture;

namespace Sandboxer.Platforms.Tests.Profiling.MacOS;

/// <summary>
/// The profiling loop (<see cref="ProfilingWorkflow"/>) driven end to end by the macOS backend over the scripted Mac:
/// sentinels, tagged reports in the kernel's NDJSON records, the engine deciding each access of a scripted build tool
/// under the profile sandbox-exec was given. Convergence, lossy delivery, duplicates, late lines, foreign reports,
/// nested sandboxes, compile errors, and the ways the loop stops unverified.
/// </summary>
public sealed class MacOSProfilingLoopTests : IDisposable
{
    /// <summary>Appendix A 3, 4, 10, 12: other processes' denials that a real stream carries.</summary>
    private static readonly string[] Foreign =
    [
        "1 duplicate report for Sandbox: searchpartyuseragent(1156) deny(1) mach-lookup com.apple.contactsd.persistence",
        "Sandbox: gputoolsserviced(15546) deny(1) file-read-data /usr/libexec",
        "Sandbox: imagent(544) deny(1) mach-lookup com.apple.AddressBook.ContactsAccountsService",
        "Sandbox: bundle(544) deny(1) file-read-data /Users/ana/project/other.config\nsbx_someoneelse1",
    ];

    private readonly MacOSLoopFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static int Count(ProfilingReport report, RunKind kind) => report.Count(kind);

    [Fact]
    public async Task The_inventory_sees_everything_in_one_run_and_the_first_enforced_profile_is_verified()
    {
        var program = new ScriptedProgram(BuildTool);
        var platform = new ScriptedMacSandboxPlatform(program.Respond) { ForeignReports = Foreign };
        var report = await new ProfilingWorkflow(Backend(platform), _fixture.Options()).RunAsync(Target, Token);

        Assert.True(report.Verified, report.Status);
        Assert.Equal((1, 1, 1, 1), (Count(report, RunKind.Baseline), Count(report, RunKind.Observe), Count(report, RunKind.Enforce), Count(report, RunKind.Verify)));
        var observe = report.Runs[1];
        Assert.Equal((RunKind.Observe, true), (observe.Kind, observe.Normal));
        Assert.Empty(observe.Denials); // the inventory allows and reports: the program ran as it normally does
        Assert.True(observe.Events >= 7, observe.Events.ToString(System.Globalization.CultureInfo.InvariantCulture)); // its executable, then all seven accesses (kern.hostname by the helper, a child)

        var inventory = program.Runs.First(r => r.IsSandboxed).Run;
        Assert.Contains("(allow default (with report))", inventory.Profile, StringComparison.Ordinal);
        Assert.Contains("(deny file-read* file-write*", inventory.Profile, StringComparison.Ordinal);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(inventory.Profile, @"\(deny file-[^;]*;;"));
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(inventory.Profile, " \\(with message \"" + inventory.Tag + "\"\\)\\)\n")); // both deny forms carry the run's tag
        Assert.Contains("\"/Library/Keychains\")", inventory.Profile, StringComparison.Ordinal);

        var text = report.Profile.Text;
        Assert.Contains("(literal \"" + Helper + "\")", text, StringComparison.Ordinal);
        Assert.Contains("\"kern.hostname\"", text, StringComparison.Ordinal);
        Assert.Contains("(subpath (param \"TMPDIR\"))", text, StringComparison.Ordinal);
        Assert.DoesNotContain("contactsd", text, StringComparison.Ordinal);
        Assert.Empty(platform.Files);
    }

    [Fact]
    public async Task With_the_inventory_unreported_the_deny_default_loop_converges_one_run_per_missing_access()
    {
        var program = new ScriptedProgram(BuildTool);
        var platform = new ScriptedMacSandboxPlatform(program.Respond) { ForeignReports = Foreign, Drop = IsAllowReport };
        var report = await new ProfilingWorkflow(Backend(platform), _fixture.Options()).RunAsync(Target, Token);

        Assert.True(report.Verified, report.Status);
        Assert.Equal("verified", report.Status);
        Assert.Equal((1, 1, 5, 1), (Count(report, RunKind.Baseline), Count(report, RunKind.Observe), Count(report, RunKind.Enforce), Count(report, RunKind.Verify)));
        Assert.Equal(5, report.Iterations);
        var runs = report.Runs.Where(r => r.Kind is not (RunKind.Baseline or RunKind.Observe)).ToList();
        Assert.Equal(["file-read-data " + Project + "/bundle.config"], runs[0].Denials);
        Assert.Matches(@"\Afile-write-create /.+/bundle\.[0-9a-f]{6}\z", Assert.Single(runs[1].Denials));
        Assert.Equal(["process-exec* " + Helper], runs[2].Denials);
        Assert.Equal(["sysctl-read kern.hostname", "file-write-create " + Project + "/dist"], runs[3].Denials);
        Assert.Empty(runs[4].Denials);
        Assert.Empty(runs[5].Denials);
        Assert.All(runs.Skip(4), r => Assert.True(r.Normal));

        var text = report.Profile.Text;
        Assert.Contains("(deny default", text, StringComparison.Ordinal);
        Assert.Contains("(literal \"" + Bundle + "\")", text, StringComparison.Ordinal);
        Assert.Contains("(literal \"" + Helper + "\")", text, StringComparison.Ordinal);
        Assert.Contains("(subpath (param \"TMPDIR\"))", text, StringComparison.Ordinal);
        Assert.Contains("\"kern.hostname\"", text, StringComparison.Ordinal);
        Assert.Contains("/dev/dtracehelper", text, StringComparison.Ordinal); // the base, with its reason
        Assert.DoesNotContain("contactsd", text, StringComparison.Ordinal); // foreign reports are never attributed
        Assert.DoesNotContain("other.config", text, StringComparison.Ordinal);

        // Every run under a profile was tagged (the first is the inventory) and attributed by its own tag; the
        // first enforced profile knew only the program and the macOS base.
        var sandboxed = program.Runs.Where(r => r.IsSandboxed).ToList();
        Assert.Equal(7, sandboxed.Count);
        Assert.All(sandboxed, r => Assert.StartsWith("sbx_", r.Run.Tag, StringComparison.Ordinal));
        Assert.Equal(7, sandboxed.Select(r => r.Run.Tag).Distinct().Count());
        var first = sandboxed[1].Run.Profile;
        Assert.Contains("(literal \"" + Bundle + "\")", first, StringComparison.Ordinal);
        Assert.DoesNotContain(Helper, first, StringComparison.Ordinal);
        Assert.DoesNotContain("bundle.config", first, StringComparison.Ordinal);
        Assert.Empty(platform.Files);
    }

    [Fact]
    public async Task The_loop_learns_what_the_inventory_missed()
    {
        // The helper's reports are lost from the inventory (a non-platform binary's, say): the loop denies and learns them.
        var program = new ScriptedProgram(BuildTool);
        var platform = new ScriptedMacSandboxPlatform(program.Respond) { Drop = m => IsAllowReport(m) && m.Contains("bundle-helper", StringComparison.Ordinal) };
        var report = await new ProfilingWorkflow(Backend(platform), _fixture.Options()).RunAsync(Target, Token);

        Assert.True(report.Verified, report.Status);
        Assert.Equal((1, 1, 3, 1), (Count(report, RunKind.Baseline), Count(report, RunKind.Observe), Count(report, RunKind.Enforce), Count(report, RunKind.Verify)));
        Assert.Equal(["process-exec* " + Helper], report.Runs[2].Denials);
        Assert.Equal(["sysctl-read kern.hostname", "file-write-create " + Project + "/dist"], report.Runs[3].Denials);
    }

    [Fact]
    public async Task A_sandbox_exec_that_rejects_the_inventory_observes_under_the_deny_default_seed()
    {
        var program = new ScriptedProgram(BuildTool);
        var platform = new ScriptedMacSandboxPlatform(run => run.Profile.Contains("(allow default (with report))", StringComparison.Ordinal)
            ? new ScriptedResponse(65, $"sandbox-exec: unbound variable: report at {run.Argv[2]}, line 3, column 22\n", [])
            : program.Respond(run));
        var report = await new ProfilingWorkflow(Backend(platform), _fixture.Options()).RunAsync(Target, Token);

        Assert.True(report.Verified, report.Status);
        Assert.Equal((1, 1, 4, 1), (Count(report, RunKind.Baseline), Count(report, RunKind.Observe), Count(report, RunKind.Enforce), Count(report, RunKind.Verify)));
        Assert.Equal(["file-read-data " + Project + "/bundle.config"], report.Runs[1].Denials); // the seed's first denial
        Assert.Contains(report.Notes, n => n.StartsWith("sandbox-exec rejected the inventory profile", StringComparison.Ordinal) && n.Contains(MacOSInventoryProfile.SourceName + ":3:22", StringComparison.Ordinal));
        var seed = program.Runs.First(r => r.IsSandboxed).Run.Profile;
        Assert.Contains("(deny default (with message", seed, StringComparison.Ordinal);
        Assert.DoesNotContain(Helper, seed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_denial_lost_from_one_runs_log_is_retried_untagged_and_shows_up_in_the_next()
    {
        var temporaryReports = 0;
        var program = new ScriptedProgram(BuildTool);
        var platform = new ScriptedMacSandboxPlatform(program.Respond)
        {
            Drop = message => IsAllowReport(message) || (message.Contains(" file-write-create ", StringComparison.Ordinal) && message.Contains("/bundle.", StringComparison.Ordinal) && temporaryReports++ == 0),
        };
        var report = await new ProfilingWorkflow(Backend(platform), _fixture.Options()).RunAsync(Target, Token);

        Assert.True(report.Verified, report.Status);
        Assert.Equal((1, 1, 6, 1), (Count(report, RunKind.Baseline), Count(report, RunKind.Observe), Count(report, RunKind.Enforce), Count(report, RunKind.Verify)));
        var silent = report.Runs[3];
        Assert.Equal((RunKind.Enforce, false, 0), (silent.Kind, silent.Normal, silent.Events));
        var retried = report.Runs[4];
        Assert.Single(retried.Denials, d => d.Contains("/bundle.", StringComparison.Ordinal));

        // The retry ran untagged (tagged reports of non-platform binaries were seen dropped) and said so.
        var sandboxed = program.Runs.Where(r => r.IsSandboxed).ToList();
        Assert.Null(sandboxed[3].Run.Tag);
        Assert.DoesNotContain("with message", sandboxed[3].Run.Profile, StringComparison.Ordinal);
        Assert.NotNull(sandboxed[4].Run.Tag);
        Assert.Contains(report.Notes, n => n.Contains("without the run tag", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_childs_lost_denial_is_found_by_the_untagged_retry_through_the_process_tree()
    {
        var helperReports = 0;
        var program = new ScriptedProgram(BuildTool);
        var platform = new ScriptedMacSandboxPlatform(program.Respond)
        {
            Drop = message => IsAllowReport(message) || (message.Contains(Helper, StringComparison.Ordinal) && helperReports++ == 0),
        };
        var report = await new ProfilingWorkflow(Backend(platform), _fixture.Options()).RunAsync(Target, Token);

        Assert.True(report.Verified, report.Status);
        Assert.Equal(6, Count(report, RunKind.Enforce)); // silent, then the untagged retry attributes the child's denial by its pid
        Assert.Equal([0, 1], report.Runs.Skip(4).Take(2).Select(r => r.Denials.Count(d => d.Contains(Helper, StringComparison.Ordinal))));
        var retry = program.Runs.Where(r => r.IsSandboxed).ElementAt(4);
        Assert.Null(retry.Run.Tag);
    }

    [Fact]
    public async Task A_childs_lost_denial_needs_the_tagged_retry_when_the_tree_watch_missed_the_child()
    {
        var helperReports = 0;
        var program = new ScriptedProgram(BuildTool) { Adjust = (_, _, response) => response with { Descendants = [] } }; // too short-lived to be listed
        var platform = new ScriptedMacSandboxPlatform(program.Respond)
        {
            Drop = message => IsAllowReport(message) || (message.Contains(Helper, StringComparison.Ordinal) && helperReports++ == 0),
        };
        var report = await new ProfilingWorkflow(Backend(platform), _fixture.Options()).RunAsync(Target, Token);

        Assert.True(report.Verified, report.Status);
        Assert.Equal(7, Count(report, RunKind.Enforce)); // silent, untagged retry (child not attributed), tagged retry, then on
        Assert.Equal([0, 0, 1], report.Runs.Skip(4).Take(3).Select(r => r.Denials.Count(d => d.Contains(Helper, StringComparison.Ordinal))));
    }

    [Fact]
    public async Task A_survived_denial_lost_twice_is_granted_when_a_verify_run_reports_it()
    {
        // kern.hostname (the helper copes without it) is lost from the inventory and from the first enforced run's
        // log: that run looks clean, so a verify run follows; there it is reported, so the loop goes on and grants it.
        var hostnameReports = 0;
        var program = new ScriptedProgram(BuildTool);
        var platform = new ScriptedMacSandboxPlatform(program.Respond)
        {
            Drop = message => message.Contains("kern.hostname", StringComparison.Ordinal) && hostnameReports++ < 2,
        };
        var report = await new ProfilingWorkflow(Backend(platform), _fixture.Options()).RunAsync(Target, Token);

        Assert.True(report.Verified, report.Status);
        Assert.Equal([RunKind.Baseline, RunKind.Observe, RunKind.Enforce, RunKind.Verify, RunKind.Enforce, RunKind.Verify], report.Runs.Select(r => r.Kind));
        Assert.Equal((true, 0), (report.Runs[2].Normal, report.Runs[2].Events));
        Assert.Equal(["sysctl-read kern.hostname"], report.Runs[3].Denials); // the program succeeded, yet was denied something: not done
        Assert.True(report.Runs[3].Normal);
        Assert.Contains("\"kern.hostname\"", report.Profile.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duplicate_summaries_and_late_lines_fold_into_the_runs_events_while_later_ones_are_never_attributed()
    {
        var program = new ScriptedProgram([DtraceHelper, Logd, ReadConfig with { Duplicates = 3 }, CreateTemporary, ExecHelper, Hostname, CreateOutput])
        {
            // The first run's kernel is slow: a summary for a path it never touched arrives once the stream was stopped,
            // so it lands in the next run's stream, where neither its pid nor a tag ties it to that run.
            Adjust = (number, kernel, response) => number == 1
                ? response with { AfterStopReports = [$"1 duplicate report for Sandbox: bundle({kernel.Run.Pid}) deny(1) file-read-data {Home}/.late-secret"] }
                : response,
        };
        var platform = new ScriptedMacSandboxPlatform(program.Respond) { Drop = IsAllowReport };
        var report = await new ProfilingWorkflow(Backend(platform), _fixture.Options()).RunAsync(Target, Token);

        Assert.True(report.Verified, report.Status);
        Assert.Equal(5, Count(report, RunKind.Enforce));
        Assert.Equal(["file-read-data " + Project + "/bundle.config"], report.Runs[2].Denials);
        Assert.Contains(report.Notes, n => n.Contains("arrived only after the program had exited", StringComparison.Ordinal));
        Assert.DoesNotContain(".late-secret", report.Profile.Text, StringComparison.Ordinal);
        // The config's 1 report + 3 duplicates, and the read implied by executing the program itself, as evidence.
        Assert.Contains(";; observed exactly (2 targets): 5 accesses by bundle (e.g. $WORKING_DIR/bundle.config", report.Profile.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stops_unverified_when_the_program_keeps_failing_without_any_denial_reported()
    {
        var program = new ScriptedProgram(BuildTool);
        var platform = new ScriptedMacSandboxPlatform(run =>
        {
            var response = program.Respond(run);
            return new ScriptedSeatbelt(run).IsSandboxed ? response with { ExitCode = 1, Reports = [], LateReports = [] } : response;
        });
        var report = await new ProfilingWorkflow(Backend(platform), _fixture.Options()).RunAsync(Target, Token);

        Assert.False(report.Verified);
        Assert.StartsWith("not verified: the program exited with 1 under the profile (normally it exited with 0) and the sandbox reported no denial in 3 runs", report.Status, StringComparison.Ordinal);
        Assert.Equal((1, 1, 3, 0), (Count(report, RunKind.Baseline), Count(report, RunKind.Observe), Count(report, RunKind.Enforce), Count(report, RunKind.Verify)));
        Assert.Equal(ProfilingWorkflow.SilentFailureRetries + 1, report.Iterations);
    }

    [Fact]
    public async Task Stops_unverified_at_the_iteration_bound()
    {
        var platform = new ScriptedMacSandboxPlatform(new ScriptedProgram(BuildTool).Respond) { Drop = IsAllowReport };
        var report = await new ProfilingWorkflow(Backend(platform), _fixture.Options(maxIterations: 2)).RunAsync(Target, Token);

        Assert.False(report.Verified);
        Assert.Equal("not verified: still failing after 2 enforced iterations (--max-iterations)", report.Status);
        Assert.Equal((1, 1, 2, 0), (Count(report, RunKind.Baseline), Count(report, RunKind.Observe), Count(report, RunKind.Enforce), Count(report, RunKind.Verify)));
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 1)] // with --network none the resolver socket is refused too: nothing to learn after the first run
    public async Task Stops_unverified_when_a_denial_cannot_be_granted_and_labels_the_platform_essential(bool inventoryReported, int enforced)
    {
        var lookup = new ScriptedStep(_ => new Events.AccessEvent { Operation = "network-outbound", Path = "/private/var/run/mDNSResponder" }, Fatal: false);
        var connect = new ScriptedStep(_ => new Events.AccessEvent { Operation = "network-outbound", Remote = new Events.NetworkEndpoint("tcp", "93.184.216.34", 443) });
        var platform = new ScriptedMacSandboxPlatform(new ScriptedProgram([DtraceHelper, lookup, connect]).Respond) { Drop = m => !inventoryReported && IsAllowReport(m) };
        var report = await new ProfilingWorkflow(Backend(platform), _fixture.Options(network: NetworkMode.None)).RunAsync(Target, Token);

        Assert.False(report.Verified);
        Assert.StartsWith("not verified: the sandbox denied accesses that cannot be granted: network-outbound ", report.Status, StringComparison.Ordinal);
        Assert.Contains("443", report.Status, StringComparison.Ordinal);
        Assert.Equal(enforced, Count(report, RunKind.Enforce));
        Assert.Contains(report.Refusals, r => r.Reason == "--network none");
        if (inventoryReported)
        {
            return; // the inventory saw the lookup allowed: no run was denied it
        }

        // The first enforced profile is the base: the lookup is denied, reported, and labelled as the essential it is.
        Assert.Contains(report.Notes, n => n.Contains("network-outbound /private/var/run/mDNSResponder", StringComparison.Ordinal) && n.Contains("platform essential dns-mdnsresponder", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_nested_sandbox_stops_the_loop_before_anything_runs()
    {
        var platform = new ScriptedMacSandboxPlatform(_ => throw new InvalidOperationException("nothing may run")) { Nested = true };
        var error = await Assert.ThrowsAsync<PlatformUnavailableException>(() => new ProfilingWorkflow(Backend(platform), _fixture.Options()).RunAsync(Target, Token));

        Assert.Equal(NestedSandbox.Explanation, error.Message);
        Assert.Contains("ordinary terminal", error.Remedy, StringComparison.Ordinal);
        Assert.Equal([SandboxExecProbe.Argv], platform.Commands);
    }

    [Fact]
    public async Task A_nested_sandbox_found_by_a_run_stops_the_loop_with_the_explanation()
    {
        var program = new ScriptedProgram(BuildTool);
        var platform = new ScriptedMacSandboxPlatform(run => new ScriptedSeatbelt(run).IsSandboxed
            ? new ScriptedResponse(71, "sandbox-exec: sandbox_apply: Operation not permitted\n", [$"Sandbox: sandbox-exec({run.Pid}) deny(1) forbidden-sandbox-reinit"])
            : program.Respond(run));
        var error = await Assert.ThrowsAsync<PlatformUnavailableException>(() => new ProfilingWorkflow(Backend(platform), _fixture.Options()).RunAsync(Target, Token));

        Assert.Equal(NestedSandbox.Explanation, error.Message);
    }

    [Fact]
    public async Task A_profile_sandbox_exec_rejects_is_a_clear_error_naming_file_line_and_the_line()
    {
        var program = new ScriptedProgram(BuildTool);
        var platform = new ScriptedMacSandboxPlatform(run => new ScriptedSeatbelt(run).IsSandboxed && program.Runs.Any(r => r.IsSandboxed)
            ? new ScriptedResponse(65, $"sandbox-exec: unbound variable: sysctl-read at {run.Argv[2]}, line 3, column 2\n", [])
            : program.Respond(run));
        var error = await Assert.ThrowsAsync<ProfileRejectedException>(() => new ProfilingWorkflow(Backend(platform), _fixture.Options()).RunAsync(Target, Token));

        Assert.Matches(@"\A/.+/profile\.sb:3:2: error: sandbox-exec rejected the profile: unbound variable: sysctl-read\n    \S", error.Message);
        Assert.EndsWith("profile.sb", error.Location!.Path, StringComparison.Ordinal);
        Assert.Equal(3, error.Location.Start.Line);
        var executedLine = System.Text.RegularExpressions.Regex.Replace(platform.ExecutedProfiles[^1].Split('\n')[2], " \\(with message \"sbx_[a-z0-9]+\"\\)", string.Empty);
        Assert.Equal(executedLine.Trim(), error.Message.Split('\n')[1].Trim());
    }

    [Fact]
    public async Task Ctrl_c_during_a_run_ends_the_loop_as_interrupted()
    {
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var program = new ScriptedProgram(BuildTool);
        var platform = new ScriptedMacSandboxPlatform(run =>
        {
            if (program.Runs.Count(r => r.IsSandboxed) == 2)
            {
                interrupt.Cancel();
                throw new OperationCanceledException(interrupt.Token);
            }

            return program.Respond(run);
        });
        var report = await new ProfilingWorkflow(Backend(platform), _fixture.Options()).RunAsync(Target, interrupt.Token);

        Assert.False(report.Verified);
        Assert.Equal("interrupted", report.Status);
        Assert.True(report.Interrupted);
        Assert.Empty(platform.Files);
    }
}
