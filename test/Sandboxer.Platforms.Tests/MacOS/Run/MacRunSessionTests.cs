using System.Text.Json;
using Sandboxer.Platforms.MacOS.Collector;
using Sandboxer.Platforms.MacOS.Driver;
using Sandboxer.Platforms.MacOS.Run;
using Sandboxer.Platforms.Tests.MacOS.Collector;
using Sandboxer.Platforms.Tests.MacOS.Driver;
using Sandboxer.Sbpl.Evaluation;
using Sandboxer.Sbpl.Policy;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Platforms.Tests.MacOS.Run;

/// <summary><c>sandboxer run</c> on macOS over the scripted Mac: command line, stdio, exit codes, compile errors, denials.</summary>
public sealed class MacRunSessionTests
{
    private static readonly TimeSpan Patient = TimeSpan.FromSeconds(30);
    private static readonly SandboxEnvironment Mac = new("/Users/ana", "/Users/ana/project", "/var/folders/xx/yy/T/");

    private static readonly SourceText Common = new("(version 1)\n(deny default)\n", "/Users/ana/common.sb");
    private static readonly SourceText Make = new("(allow process-exec (literal \"/usr/bin/make\"))\n(allow file-read-data (subpath (param \"WORKING_DIR\")))\n", "/Users/ana/make.sb");

    private static readonly Dictionary<string, string> Given = new(StringComparer.Ordinal) { ["CACHE"] = "/Users/ana/.cache" };

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static Profile Evaluated(params SourceText[] sources)
    {
        var parameters = SandboxParameters.Resolve(Given, Mac, FakePathResolver.MacOS).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var loaded = ProfileLoader.Load(sources, parameters);
        Assert.False(loaded.HasErrors);
        return loaded.Profile;
    }

    private static MacRunSession Session(IMacSandboxPlatform platform, Func<string, bool>? exists = null) =>
        new(platform, FakePathResolver.MacOS, exists ?? (_ => true), new CollectorOptions(Patient, Patient, 3, TimeSpan.FromSeconds(5), Patient));

    private static Task<MacRunResult> RunAsync(IMacSandboxPlatform platform, bool denials = false, Func<string, bool>? exists = null, CancellationToken? token = null) =>
        Session(platform, exists).RunAsync([Common, Make], Given, ["/usr/bin/make", "-j2"], Mac, Evaluated(Common, Make), denials, token ?? Token);

    [Fact]
    public async Task Runs_sandbox_exec_once_with_the_exact_command_line_passing_stdio_through_and_propagates_the_exit_code()
    {
        var platform = new ScriptedMacSandboxPlatform(_ => ScriptedResponse.Exit(2));
        var result = await RunAsync(platform);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Messages);
        Assert.Null(result.DenialLines);
        Assert.Equal(
            [
                "/usr/bin/sandbox-exec", "-f", result.Argv[2],
                "-D", "CACHE=/Users/ana/.cache", "-D", "HOME=/Users/ana", "-D", "TMPDIR=/private/var/folders/xx/yy/T", "-D", "WORKING_DIR=/Users/ana/project",
                "--", "/usr/bin/make", "-j2",
            ],
            Assert.Single(platform.Commands));
        Assert.Equal(platform.Commands[0], result.Argv);
        Assert.Equal([MacStdio.PassThrough], platform.StdioModes);
        Assert.Equal(["/Users/ana/project"], platform.WorkingDirectories);
        Assert.Null(platform.Environments[0]); // the program gets the user's own environment
        Assert.Equal(Common.Text + Make.Text, Assert.Single(platform.ExecutedProfiles));
        Assert.Null(platform.LogStreamCommand); // without --denials nothing watches the log
        Assert.Empty(platform.Files);
    }

    [Fact]
    public async Task A_program_killed_by_a_signal_exits_128_plus_the_signal()
    {
        var result = await RunAsync(new ScriptedMacSandboxPlatform(_ => ScriptedResponse.Exit(130)));
        Assert.Equal(130, result.ExitCode);
    }

    [Fact]
    public async Task A_compile_error_is_mapped_to_the_users_file_and_line_and_exits_2()
    {
        var platform = new ScriptedMacSandboxPlatform(run => new ScriptedResponse(65, $"sandbox-exec: unbound variable: process-exec at {run.Argv[2]}, line 3, column 9\n", []));
        var result = await RunAsync(platform);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            "/Users/ana/make.sb:1:9: error: sandbox-exec rejected the profile: unbound variable: process-exec\n    (allow process-exec (literal \"/usr/bin/make\"))",
            Assert.Single(result.Messages));
    }

    [Fact]
    public async Task Cannot_sandbox_here_exits_3_with_the_reason()
    {
        var nested = await RunAsync(new ScriptedMacSandboxPlatform(_ => ScriptedResponse.Exit(0)) { Nested = true });
        Assert.Equal((3, NestedSandbox.Explanation), (nested.ExitCode, Assert.Single(nested.Messages)));

        var platform = new ScriptedMacSandboxPlatform(_ => ScriptedResponse.Exit(0));
        var missing = await RunAsync(platform, exists: _ => false);
        Assert.Equal(3, missing.ExitCode);
        Assert.Contains("/usr/bin/sandbox-exec does not exist", Assert.Single(missing.Messages), StringComparison.Ordinal);
        Assert.Empty(platform.Commands);
    }

    [Theory]
    [InlineData("Operation not permitted", 126)]
    [InlineData("No such file or directory", 127)]
    public async Task A_program_that_cannot_be_executed_exits_like_a_shell(string reason, int expected)
    {
        var result = await RunAsync(new ScriptedMacSandboxPlatform(_ => new ScriptedResponse(71, $"sandbox-exec: execvp() of '/usr/bin/make' failed: {reason}\n", [])));
        Assert.Equal(expected, result.ExitCode);
        Assert.StartsWith("cannot execute '/usr/bin/make'", Assert.Single(result.Messages), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_program_that_dies_at_startup_is_explained()
    {
        var result = await RunAsync(new ScriptedMacSandboxPlatform(_ => ScriptedResponse.Exit(134)));
        Assert.Equal(134, result.ExitCode);
        Assert.Contains("died during startup", Assert.Single(result.Messages), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Denials_are_collected_and_each_is_cross_checked_with_the_engine()
    {
        var platform = new ScriptedMacSandboxPlatform(run => ScriptedResponse.Exit(
            2,
            $"Sandbox: make({run.Pid}) deny(1) file-write-create /Users/ana/project/out.o\n{run.Tag}",
            $"Sandbox: make({run.Pid}) deny(1) file-read-data /Users/ana/project/Makefile\n{run.Tag}",
            $"Sandbox: make({run.Pid}) deny(1) file-write-data /dev/dtracehelper\n{run.Tag}",
            "Sandbox: imagent(544) deny(1) mach-lookup com.apple.contactsd.persistence"));
        var result = await RunAsync(platform, denials: true);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("/usr/bin/log", platform.LogStreamCommand![0]);
        Assert.Equal(MacStdio.PassThrough, platform.StdioModes[1]);
        var lines = result.DenialLines!.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3, lines.Count);

        var created = lines[0];
        Assert.Equal(("file-write-create", "/Users/ana/project/out.o", "denied", "profile"), (created.GetProperty("op").GetString(), created.GetProperty("path").GetString(), created.GetProperty("result").GetString(), created.GetProperty("cause").GetString()));
        Assert.Equal(("(deny default)", "/Users/ana/common.sb", 2), (created.GetProperty("rule").GetProperty("text").GetString(), created.GetProperty("rule").GetProperty("file").GetString(), created.GetProperty("rule").GetProperty("line").GetInt32()));
        Assert.StartsWith("sbx_", created.GetProperty("tag").GetString(), StringComparison.Ordinal);

        // The profile allows reading the working directory: the kernel and the engine disagree, and that is said.
        var read = lines[1];
        Assert.Equal("engine-disagrees", read.GetProperty("cause").GetString());
        Assert.Equal(("/Users/ana/make.sb", 2), (read.GetProperty("rule").GetProperty("file").GetString(), read.GetProperty("rule").GetProperty("line").GetInt32()));

        Assert.Equal("dev-dtracehelper", lines[2].GetProperty("essential").GetString());
        Assert.Equal(
            [
                "denied file-write-create /Users/ana/project/out.o: denied by /Users/ana/common.sb:2:1 (deny default)",
                "denied file-read-data /Users/ana/project/Makefile: the kernel denied it, but the engine finds it allowed by /Users/ana/make.sb:2:1 (allow file-read-data (subpath (param \"WORKING_DIR\"))) (the engine and macOS disagree here)",
            ],
            result.Messages.Take(2));
        Assert.StartsWith("denied file-write-data /dev/dtracehelper", result.Messages[2], StringComparison.Ordinal);
        Assert.Contains("[platform essential dev-dtracehelper: ", result.Messages[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Denials_that_cannot_be_collected_still_run_the_program_and_say_so()
    {
        var platform = new ScriptedMacSandboxPlatform(_ => ScriptedResponse.Exit(0)) { LogFailure = "log: Cannot run while sandboxed" };
        var result = await RunAsync(platform, denials: true);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("warning: denials cannot be collected: ", Assert.Single(result.Messages), StringComparison.Ordinal);
        Assert.Contains("log: Cannot run while sandboxed", result.Messages[0], StringComparison.Ordinal);
        Assert.Empty(result.DenialLines!);
        Assert.Single(platform.Commands, c => c.Contains("--"));
    }

    [Fact]
    public async Task Ctrl_c_exits_130()
    {
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var platform = new ScriptedMacSandboxPlatform(_ =>
        {
            interrupt.Cancel();
            throw new OperationCanceledException(interrupt.Token);
        });
        var result = await RunAsync(platform, token: interrupt.Token);

        Assert.Equal(130, result.ExitCode);
        Assert.Empty(platform.Files);
    }
}
