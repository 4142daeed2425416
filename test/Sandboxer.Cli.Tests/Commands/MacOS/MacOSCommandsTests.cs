using System.Text.Json;
using Sandboxer.Analysis;
using Sandboxer.Events;
using Sandboxer.Platforms;
using Sandboxer.Platforms.MacOS;
using Sandboxer.Platforms.MacOS.Collector;
using Sandboxer.Platforms.MacOS.Driver;
using Sandboxer.Platforms.Tests.MacOS.Collector;
using Sandboxer.Platforms.Tests.MacOS.Probes;
using Sandboxer.Platforms.Tests.Profiling.MacOS;

namespace Sandboxer.Cli.Tests.Commands.MacOS;

/// <summary>
/// <c>profile</c>, <c>run</c> and <c>probe</c> on a Mac, end to end through the CLI: the host says macOS, so the commands
/// pick the macOS backend, which drives the scripted Mac (sandbox-exec, <c>log stream</c> and the kernel's reports as
/// recorded on real Macs; the engine decides each access of a scripted build tool under the profile it was given).
/// </summary>
public sealed class MacOSCommandsTests : IDisposable
{
    private const string Bundle = "/usr/local/bin/bundle";
    private const string Helper = "/usr/local/libexec/bundle-helper";
    private static readonly TimeSpan Patient = TimeSpan.FromSeconds(30);

    /// <summary>A small build tool: startup noise, its config, a temporary file, its helper, which reads kern.hostname (it copes) and creates dist.</summary>
    private static readonly ScriptedStep[] BuildTool =
    [
        new(_ => new AccessEvent { Operation = "file-write-data", Path = "/dev/dtracehelper" }),
        new(k => new AccessEvent { Operation = "file-read-data", Path = k.Parameter("WORKING_DIR") + "/bundle.config" }),
        new(k => new AccessEvent { Operation = "file-write-create", Path = k.Parameter("TMPDIR") + "/bundle.tmp" }),
        new(_ => new AccessEvent { Operation = "process-exec", Path = Helper }, PidOffset: 1),
        new(_ => new AccessEvent { Operation = "sysctl-read", Name = "kern.hostname" }, Fatal: false, Process: "bundle-helper", PidOffset: 1),
        new(k => new AccessEvent { Operation = "file-write-create", Path = k.Parameter("WORKING_DIR") + "/dist" }, Process: "bundle-helper", PidOffset: 1),
    ];

    private readonly string _directory = Directory.CreateTempSubdirectory("sbx-macos-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A Mac whose programs are <paramref name="platform"/>'s scripted ones.</summary>
    private static HostSystem Mac(ScriptedMacSandboxPlatform platform) =>
        new(TargetPlatform.MacOS, new MacOSMachine(_ => platform, RealPathResolver.Instance, _ => true, new CollectorOptions(Patient, Patient, 3, TimeSpan.FromSeconds(5), Patient)));

    /// <summary>The build tool for its own runs, the probe helpers (sh, bash, python3) for the probes' runs.</summary>
    private static ScriptedMacSandboxPlatform BuildToolMac(ScriptedProgram program, Func<string, bool>? drop = null) =>
        new(run => new ScriptedSeatbelt(run).Command[0] == Bundle ? program.Respond(run) : ScriptedProbeHelper.Respond(run)) { Drop = drop ?? (_ => false) };

    private string PathOf(string name) => Path.Combine(_directory, name);

    [Fact]
    public async Task Profile_on_a_mac_picks_the_macos_backend_and_writes_a_verified_profile_and_report()
    {
        var program = new ScriptedProgram(BuildTool);
        var platform = BuildToolMac(program);
        var (code, output, error) = await CliRunner.RunOnAsync(
            Mac(platform), "profile", "-o", PathOf("bundle.sb"), "--report", PathOf("report.json"), "-w", _directory, "--", Bundle, "--out", "dist");

        Assert.True(code == 0, error);
        Assert.Contains("(macos: sandbox-exec, unified log)", error, StringComparison.Ordinal);
        Assert.Contains("/usr/bin/sandbox-exec -f " + PathOf("bundle.sb"), output, StringComparison.Ordinal);
        var profile = await File.ReadAllTextAsync(PathOf("bundle.sb"), TestContext.Current.CancellationToken);
        Assert.Contains("(deny default)", profile, StringComparison.Ordinal);
        Assert.Contains("(literal \"" + Helper + "\")", profile, StringComparison.Ordinal);

        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(PathOf("report.json"), TestContext.Current.CancellationToken));
        var root = report.RootElement;
        Assert.Equal((true, "verified", "macos"), (root.GetProperty("verified").GetBoolean(), root.GetProperty("status").GetString(), root.GetProperty("platform").GetString()));
        var runs = root.GetProperty("runs");
        Assert.Equal(
            (1, 1, 1, 1, 4),
            (runs.GetProperty("baseline").GetInt32(), runs.GetProperty("observe").GetInt32(), runs.GetProperty("enforce").GetInt32(), runs.GetProperty("verify").GetInt32(), runs.GetProperty("total").GetInt32()));
        Assert.Equal(["baseline", "observe", "enforce", "verify"], root.GetProperty("runLog").EnumerateArray().Select(r => r.GetProperty("kind").GetString()));
        var probes = root.GetProperty("probes").EnumerateArray().ToList();
        Assert.NotEmpty(probes);
        Assert.All(probes, p => Assert.Equal("blocked", p.GetProperty("outcome").GetString()));

        // Every sandboxed run went through /usr/bin/sandbox-exec -f with the resolved parameters, observed by the log.
        Assert.Equal(CollectorCommands.LogStream, platform.LogStreamCommand);
        var targetRuns = platform.Commands.Where(c => c.Contains(Bundle)).ToList();
        Assert.Equal([Bundle, "--out", "dist"], targetRuns[0]); // the baseline, unsandboxed
        Assert.All(targetRuns.Skip(1), c => Assert.Equal(["/usr/bin/sandbox-exec", "-f"], c.Take(2)));
        Assert.Empty(platform.Files);
    }

    [Fact]
    public async Task Profile_report_counts_each_deny_default_iteration_when_the_inventory_went_unreported()
    {
        var program = new ScriptedProgram(BuildTool);
        var platform = BuildToolMac(program, drop: m => m.Contains(") allow ", StringComparison.Ordinal));
        var (code, output, error) = await CliRunner.RunOnAsync(
            Mac(platform), "profile", "-o", PathOf("bundle.sb"), "--json", "--no-probe", "-w", _directory, "--", Bundle, "--out", "dist");

        Assert.True(code == 0, error);
        using var report = JsonDocument.Parse(output);
        var root = report.RootElement;
        Assert.Equal("verified", root.GetProperty("status").GetString());
        Assert.Equal(5, root.GetProperty("runs").GetProperty("enforce").GetInt32());
        Assert.Equal(5, root.GetProperty("iterations").GetInt32());
        var denials = root.GetProperty("runLog").EnumerateArray()
            .Where(r => r.GetProperty("kind").GetString() == "enforce")
            .Select(r => string.Join(" | ", r.GetProperty("denials").EnumerateArray().Select(d => d.GetString())))
            .ToList();
        Assert.Equal(
            [
                "file-read-data " + _directory + "/bundle.config",
                "file-write-create " + RealPathResolver.Instance.RealPath(Path.GetTempPath())!.TrimEnd('/'),
                "process-exec* " + Helper,
                "sysctl-read kern.hostname | file-write-create " + _directory + "/dist",
                string.Empty,
            ],
            denials.Select(d => d.StartsWith("file-write-create /", StringComparison.Ordinal) && d.EndsWith("/bundle.tmp", StringComparison.Ordinal) ? d[..d.IndexOf("/sandboxer-", StringComparison.Ordinal)] : d));
    }

    [Fact]
    public async Task Run_on_a_mac_runs_sandbox_exec_and_writes_the_denials_with_their_rule()
    {
        var profile = PathOf("p.sb");
        await File.WriteAllTextAsync(profile, "(version 1)\n(deny default)\n(allow process-exec (literal \"" + Bundle + "\"))\n(allow file-write-data (literal \"/dev/dtracehelper\"))\n", TestContext.Current.CancellationToken);
        var platform = BuildToolMac(new ScriptedProgram(BuildTool));
        var (code, _, error) = await CliRunner.RunOnAsync(Mac(platform), "run", "-f", profile, "--denials", PathOf("denials.jsonl"), "--", Bundle, "--out", "dist");

        Assert.Equal(1, code); // the program's own exit code: it could not read its config
        var target = Assert.Single(platform.Commands, c => c.Contains(Bundle));
        Assert.Equal(["/usr/bin/sandbox-exec", "-f"], target.Take(2));
        Assert.Equal(["--", Bundle, "--out", "dist"], target.TakeLast(4));
        Assert.Contains(target, a => a.StartsWith("TMPDIR=/", StringComparison.Ordinal));
        Assert.Equal(MacStdio.PassThrough, platform.StdioModes[platform.Commands.IndexOf(target)]);

        var line = Assert.Single(await File.ReadAllLinesAsync(PathOf("denials.jsonl"), TestContext.Current.CancellationToken));
        using var denial = JsonDocument.Parse(line);
        Assert.Equal(("file-read-data", "denied", "profile"), (denial.RootElement.GetProperty("op").GetString(), denial.RootElement.GetProperty("result").GetString(), denial.RootElement.GetProperty("cause").GetString()));
        Assert.StartsWith("sbx_", denial.RootElement.GetProperty("tag").GetString(), StringComparison.Ordinal);
        Assert.Contains("denied file-read-data", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_on_a_mac_maps_sandbox_execs_compile_error_to_the_users_file_and_exit_2()
    {
        var profile = PathOf("p.sb");
        await File.WriteAllTextAsync(profile, "(version 1)\n(allow default)\n(allow file-read-data (literal \"/x\"))\n", TestContext.Current.CancellationToken);
        var platform = new ScriptedMacSandboxPlatform(run => new ScriptedResponse(65, $"sandbox-exec: unbound variable: file-read-data at {run.Argv[2]}, line 3, column 8\n", []));
        var (code, _, error) = await CliRunner.RunOnAsync(Mac(platform), "run", "-f", profile, "--", "/bin/echo", "hi");

        Assert.Equal(2, code);
        Assert.Contains(profile + ":3:8: error: sandbox-exec rejected the profile: unbound variable: file-read-data", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_inside_another_sandbox_exits_3_and_says_why()
    {
        var profile = PathOf("p.sb");
        await File.WriteAllTextAsync(profile, "(version 1)\n(allow default)\n", TestContext.Current.CancellationToken);
        var platform = new ScriptedMacSandboxPlatform(_ => throw new InvalidOperationException("sandbox-exec fails first")) { Nested = true };
        var (code, _, error) = await CliRunner.RunOnAsync(Mac(platform), "run", "-f", profile, "--", "/bin/echo", "hi");

        Assert.Equal(3, code);
        Assert.Contains(NestedSandbox.Explanation, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_on_a_mac_runs_the_macos_probes_and_a_profile_that_allows_everything_leaks()
    {
        var profile = PathOf("open.sb");
        await File.WriteAllTextAsync(profile, "(version 1)\n(allow default)\n", TestContext.Current.CancellationToken);
        var platform = new ScriptedMacSandboxPlatform(ScriptedProbeHelper.Respond);
        var (code, output, _) = await CliRunner.RunOnAsync(Mac(platform), "probe", "-f", profile, "--json");

        Assert.Equal(1, code);
        using var report = JsonDocument.Parse(output);
        var probes = report.RootElement.GetProperty("probes").EnumerateArray().ToList();
        Assert.Contains(probes, p => p.GetProperty("id").GetString() == "read-ssh" && p.GetProperty("outcome").GetString() == "leaked");
        // The probes' helpers run under `sandbox-exec -f` (the READY/FENCE sentinels use -p), observed by the log.
        Assert.Contains(platform.Commands, c => c[0] == SandboxExecCommand.Executable && c[1] == "-f");
        Assert.All(platform.Commands, c => Assert.Equal(SandboxExecCommand.Executable, c[0]));
        Assert.Equal(CollectorCommands.LogStream, platform.LogStreamCommand);
    }

    [Fact]
    public async Task Profile_inside_another_sandbox_exits_3_after_the_availability_probe_alone()
    {
        var platform = new ScriptedMacSandboxPlatform(_ => throw new InvalidOperationException("nothing may run")) { Nested = true };
        var (code, _, error) = await CliRunner.RunOnAsync(Mac(platform), "profile", "-o", PathOf("bundle.sb"), "-w", _directory, "--", Bundle);

        Assert.Equal(3, code);
        Assert.Contains("sandboxer: " + NestedSandbox.Explanation, error, StringComparison.Ordinal);
        Assert.Contains("to fix: run sandboxer from an ordinary terminal", error, StringComparison.Ordinal);
        Assert.Equal([SandboxExecProbe.Argv], platform.Commands); // `sandbox-exec -p "(version 1)(allow default)" /usr/bin/true`, nothing else
        Assert.False(File.Exists(PathOf("bundle.sb")));
    }

    [Fact]
    public async Task Profile_on_a_system_without_sandbox_exec_exits_3_and_says_so()
    {
        var platform = new ScriptedMacSandboxPlatform(_ => throw new InvalidOperationException("nothing may run"));
        var host = Mac(platform) with { Mac = Mac(platform).Mac with { FileExists = _ => false } };
        var (code, _, error) = await CliRunner.RunOnAsync(host, "profile", "-o", PathOf("bundle.sb"), "-w", _directory, "--", Bundle);

        Assert.Equal(3, code);
        Assert.Contains("/usr/bin/sandbox-exec does not exist", error, StringComparison.Ordinal);
        Assert.Empty(platform.Commands);
    }

    [Fact]
    public async Task Profile_for_macos_where_there_is_no_mac_says_what_to_do_instead()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "on a Mac this would profile for real");
        var (code, _, error) = await CliRunner.RunAsync("profile", "--platform", "macos", "-o", PathOf("true.sb"), "--", "/bin/true");

        Assert.Equal(3, code);
        Assert.Contains("/usr/bin/sandbox-exec, which only exists on macOS", error, StringComparison.Ordinal);
        Assert.Contains("import-log", error, StringComparison.Ordinal);
    }
}
