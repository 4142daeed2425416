using System.Security.Cryptography;
using System.Text;
using Sandboxer.Analysis;
using Sandboxer.Events;
using Sandboxer.Platforms.MacOS.Collector;
using Sandboxer.Platforms.MacOS.Driver;
using Sandboxer.Platforms.Processes;
using Sandboxer.Platforms.Profiling;
using Sandboxer.Platforms.Profiling.MacOS;
using Sandboxer.Platforms.Tests.MacOS.Collector;
using static Sandboxer.Platforms.Tests.Profiling.MacOS.MacOSLoopFixture;

namespace Sandboxer.Platforms.Tests.Profiling.MacOS;

/// <summary>The macOS backend's runs one at a time: exact command lines, parameters, variables, events and outcomes.</summary>
public sealed class MacOSProfilingBackendTests : IDisposable
{
    private readonly DirectoryInfo _temporary = Directory.CreateTempSubdirectory("sandboxer-macbackend-");

    public void Dispose() => _temporary.Delete(recursive: true);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private RunEnvironment Environment => new(Home, Project, _temporary.FullName);

    private static ScriptedMacSandboxPlatform Platform(IReadOnlyList<ScriptedStep> steps, out ScriptedProgram program)
    {
        program = new ScriptedProgram(steps);
        return new ScriptedMacSandboxPlatform(program.Respond);
    }

    [Fact]
    public void Declares_a_restricted_observation_and_lossy_reports()
    {
        var backend = Backend(new ScriptedMacSandboxPlatform(_ => throw new InvalidOperationException()));
        Assert.Equal(TargetPlatform.MacOS, backend.Platform);
        Assert.True(((IProfilingBackend)backend).ObservationRestrictsTarget);
        Assert.True(((IProfilingBackend)backend).DenialReportsAreLossy);
    }

    [Fact]
    public async Task Observation_is_an_inventory_run_with_the_exact_command_line_parameters_and_variables()
    {
        var platform = Platform([DtraceHelper, ReadConfig, ExecHelper, Hostname], out var program);
        var run = await Backend(platform).ObserveAsync(Target, Environment, Token);

        var kernel = Assert.Single(program.Runs);
        var tag = kernel.Run.Tag!;
        Assert.Equal(3, platform.Commands.Count); // READY sentinel, the program, FENCE sentinel
        Assert.Equal(
            [
                "/usr/bin/sandbox-exec", "-f", $"{ScriptedMacSandboxPlatform.TemporaryDirectory}/sandboxer-{tag}.sb",
                "-D", "HOME=" + Home, "-D", "TMPDIR=" + _temporary.FullName, "-D", "WORKING_DIR=" + Project,
                "--", Bundle, "--out", "dist",
            ],
            platform.Commands[1]);
        Assert.Equal(Project, platform.WorkingDirectories[1]);
        Assert.Equal(new Dictionary<string, string> { ["TMPDIR"] = _temporary.FullName, ["HOME"] = Home }, platform.Environments[1]);
        Assert.Equal(MacStdio.Capture, platform.StdioModes[1]);

        Assert.StartsWith("(version 1)\n", kernel.Run.Profile, StringComparison.Ordinal);
        Assert.Contains("\n(allow default (with report))\n", kernel.Run.Profile, StringComparison.Ordinal);
        Assert.Contains("(with message \"" + tag + "\"))", kernel.Run.Profile, StringComparison.Ordinal); // the mandatory denies

        Assert.Equal(0, run.Outcome.ExitCode);
        var executed = run.Events[0];
        Assert.Equal(("process-exec", Bundle, Bundle, "bundle", AccessResult.Ok), (executed.Operation, executed.Path, executed.Executable, executed.Process, executed.Result));
        Assert.Equal(
            [
                ("process-exec*", Bundle, "sandbox-exec", 0),
                ("file-write-data", "/dev/dtracehelper", "bundle", 0),
                ("file-read-data", Project + "/bundle.config", "bundle", 0),
                ("process-exec*", Helper, "bundle", 1),
                ("sysctl-read", "kern.hostname", "bundle-helper", 1),
            ],
            run.Events.Skip(1).Select(e => (e.Operation, e.Path ?? e.Name, e.Process, e.Pid - executed.Pid)));
        Assert.All(run.Events, e => Assert.Equal((AccessResult.Ok, (string?)null), (e.Result, e.Tag))); // allow reports carry no tag: attributed by the process tree
        Assert.Empty(run.Notes);
        Assert.Empty(platform.Files);
    }

    [Fact]
    public async Task Enforcement_runs_the_given_profile_tagged_and_returns_its_denials_only()
    {
        var profile = Path.Combine(_temporary.FullName, "given.sb");
        await File.WriteAllTextAsync(profile, "(version 1)\n(deny default)\n(allow process-exec (literal \"" + Bundle + "\"))\n(allow file-write-data (literal \"/dev/dtracehelper\"))\n(deny file-read-data (subpath \"/Users\"))\n", Token);
        var platform = Platform([DtraceHelper, ReadConfig], out var program);
        var run = await Backend(platform).EnforceAsync(profile, Target, Environment, Token);

        var tag = Assert.Single(program.Runs).Run.Tag;
        Assert.Equal(
            $"(version 1)\n(deny default (with message \"{tag}\"))\n(allow process-exec (literal \"{Bundle}\"))\n(allow file-write-data (literal \"/dev/dtracehelper\"))\n(deny file-read-data (subpath \"/Users\") (with message \"{tag}\"))\n",
            Assert.Single(platform.ExecutedProfiles));
        var denial = Assert.Single(run.Events);
        Assert.Equal(("file-read-data", Project + "/bundle.config", AccessResult.Denied), (denial.Operation, denial.Path, denial.Result));
        Assert.Empty(run.Notes);
        Assert.Equal(["--", Bundle, "--out", "dist"], platform.Commands[1].TakeLast(4));
    }

    [Fact]
    public async Task A_plain_run_is_unsandboxed_with_the_runs_variables_and_keeps_an_output_digest()
    {
        var platform = Platform(BuildTool, out _);
        var run = await Backend(platform).RunPlainAsync(Target, Environment, Token);

        Assert.Equal([Bundle, "--out", "dist"], Assert.Single(platform.Commands));
        Assert.Equal(new Dictionary<string, string> { ["TMPDIR"] = _temporary.FullName, ["HOME"] = Home }, platform.Environments[0]);
        Assert.Equal(Project, platform.WorkingDirectories[0]);
        var bytes = Encoding.UTF8.GetBytes(ScriptedProgram.Output);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)) + ":" + bytes.Length, run.Outcome.OutputDigest);
        Assert.Equal((0, false, false), (run.Outcome.ExitCode, run.Outcome.Interrupted, run.Outcome.TimedOut));
        Assert.Empty(run.Events);
    }

    [Fact]
    public async Task A_program_that_cannot_be_found_is_a_start_error()
    {
        var platform = new ScriptedMacSandboxPlatform(_ => throw new InvalidOperationException("nothing may run")) { Locate = (_, _) => null };
        var error = await Assert.ThrowsAsync<TargetStartException>(() => Backend(platform).RunPlainAsync(Target with { Arguments = ["bundle"] }, Environment, Token));
        Assert.Equal("bundle: command not found", error.Message);
        await Assert.ThrowsAsync<TargetStartException>(() => Backend(platform).ObserveAsync(Target with { Arguments = ["bundle"] }, Environment, Token));
    }

    [Fact]
    public void Availability_needs_sandbox_exec_that_works_and_the_log()
    {
        var ready = Backend(new ScriptedMacSandboxPlatform(_ => throw new InvalidOperationException()));
        Assert.Equal(BackendAvailability.Ready, ready.CheckAvailability());

        var nested = Backend(new ScriptedMacSandboxPlatform(_ => throw new InvalidOperationException()) { Nested = true }).CheckAvailability();
        Assert.Equal((false, false, NestedSandbox.Explanation), (nested.CanObserve, nested.CanEnforce, nested.Problem));
        Assert.Contains("ordinary terminal", nested.Remedy, StringComparison.Ordinal);

        MacOSProfilingBackend With(Func<string, bool> exists) => new(
            new ScriptedMacSandboxPlatform(_ => throw new InvalidOperationException()),
            RealPathResolver.Instance,
            MacOSBackendOptions.Default with { FileExists = exists });
        var linux = With(_ => false).CheckAvailability();
        Assert.False(linux.CanObserve);
        Assert.Contains("/usr/bin/sandbox-exec does not exist", linux.Problem, StringComparison.Ordinal);
        var noLog = With(path => path != "/usr/bin/log").CheckAvailability();
        Assert.False(noLog.CanObserve);
        Assert.Contains("/usr/bin/log does not exist", noLog.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_exec_the_profile_denies_becomes_126_with_the_denial_and_an_explanation()
    {
        var profile = Path.Combine(_temporary.FullName, "no-exec.sb");
        await File.WriteAllTextAsync(profile, "(version 1)\n(deny default)\n", Token);
        var platform = Platform(BuildTool, out _);
        var run = await Backend(platform).EnforceAsync(profile, Target, Environment, Token);

        Assert.Equal(126, run.Outcome.ExitCode);
        var denial = Assert.Single(run.Events);
        Assert.Equal(("process-exec*", Bundle), (denial.Operation, denial.Path));
        Assert.Contains(run.Notes, n => n.StartsWith("cannot execute '" + Bundle + "' under the profile", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_program_that_dies_at_startup_is_explained()
    {
        var profile = Path.Combine(_temporary.FullName, "p.sb");
        await File.WriteAllTextAsync(profile, "(version 1)\n(allow default)\n", Token);
        var platform = new ScriptedMacSandboxPlatform(run => new ScriptedResponse(134, string.Empty, [$"Sandbox: bundle({run.Pid}) deny(1) sysctl-read hw.pagesize_compat\n{run.Tag}"]));
        var run = await Backend(platform).EnforceAsync(profile, Target, Environment, Token);

        Assert.Equal(134, run.Outcome.ExitCode);
        Assert.Contains(run.Notes, n => n.Contains("died during startup", StringComparison.Ordinal));
        // The engine finds (allow default) allows what the kernel denied: said, never hidden.
        Assert.Contains(run.Notes, n => n.StartsWith("sysctl-read hw.pagesize_compat: the kernel denied it, but the engine finds it allowed", StringComparison.Ordinal));
        Assert.Single(run.Events);
    }

    [Fact]
    public async Task A_log_that_cannot_run_makes_profiling_impossible_here()
    {
        var profile = Path.Combine(_temporary.FullName, "p.sb");
        await File.WriteAllTextAsync(profile, "(version 1)\n(deny default)\n", Token);
        var platform = new ScriptedMacSandboxPlatform(_ => throw new InvalidOperationException("nothing may run")) { LogFailure = "log: Cannot run while sandboxed" };
        var error = await Assert.ThrowsAsync<PlatformUnavailableException>(() => Backend(platform).EnforceAsync(profile, Target, Environment, Token));
        Assert.Contains("log: Cannot run while sandboxed", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Remedy);
    }

    [Fact]
    public async Task A_fence_that_never_arrives_is_noted_and_what_arrived_is_kept()
    {
        var profile = Path.Combine(_temporary.FullName, "p.sb");
        await File.WriteAllTextAsync(profile, "(version 1)\n(deny default)\n(allow process-exec (literal \"" + Bundle + "\"))\n(allow file-write-data (literal \"/dev/dtracehelper\"))\n", Token);
        var program = new ScriptedProgram([DtraceHelper, ReadConfig]);
        var platform = new ScriptedMacSandboxPlatform(program.Respond) { Drop = m => m.EndsWith("_fence", StringComparison.Ordinal) };
        var backend = new MacOSProfilingBackend(
            platform,
            RealPathResolver.Instance,
            new MacOSBackendOptions(new CollectorOptions(TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(300), 3, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1)), TimeSpan.FromMinutes(1), _ => true));
        var run = await backend.EnforceAsync(profile, Target, Environment, Token);

        Assert.Single(run.Events);
        Assert.Contains(run.Notes, n => n.StartsWith("denials may be incomplete: the FENCE sentinel was not seen", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_retry_runs_untagged_every_other_time()
    {
        var profile = Path.Combine(_temporary.FullName, "p.sb");
        await File.WriteAllTextAsync(profile, "(version 1)\n(deny default)\n", Token);
        var platform = Platform(BuildTool, out var program);
        var backend = Backend(platform);
        foreach (var retry in new[] { 0, 1, 2 })
        {
            await backend.EnforceAsync(profile, Target, Environment with { Retry = retry }, Token);
        }

        Assert.Equal([true, false, true], program.Runs.Select(r => r.Run.Tag is not null));
    }
}
