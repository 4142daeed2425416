using Sandboxer.Platforms.MacOS.Collector;
using Sandboxer.Platforms.MacOS.Driver;
using Sandboxer.Platforms.MacOS.LongRunning;
using Sandboxer.Platforms.MacOS.Run;
using Sandboxer.Platforms.Processes;
using Sandboxer.Platforms.Profiling;
using Sandboxer.Platforms.Profiling.MacOS;
using Sandboxer.Platforms.Tests.MacOS.Collector;
using Sandboxer.Platforms.Tests.MacOS.Driver;
using Sandboxer.Sbpl.Evaluation;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Platforms.Tests.MacOS.LongRunning;

/// <summary>
/// Long-running targets on macOS over the scripted Mac (<c>sandboxer run --ready-port … --exercise …</c>): readiness
/// from lsof's output matched against the run's tree, the exercise on the host, the tool's stop, and the exact
/// commands and signals issued.
/// </summary>
public sealed class MacLongRunningRunTests
{
    private const int Port = 8000;
    private const int TargetPid = 41000; // the scripted Mac's first pid: sandbox-exec is the only thing run before the target
    private static readonly TimeSpan Patient = TimeSpan.FromSeconds(30);
    private static readonly SandboxEnvironment Mac = new("/Users/ana", "/Users/ana/site", "/var/folders/xx/yy/T/");
    private static readonly SourceText Profile = new("(version 1)\n(allow default)\n", "/Users/ana/server.sb");
    private static readonly string[] Lsof = ["/usr/sbin/lsof", "-nP", "-iTCP:8000", "-sTCP:LISTEN", "-Fp"];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static LongRunningOptions Options(string? exercise = "curl -sf http://127.0.0.1:8000/", TimeSpan? readyTimeout = null, TimeSpan? stopAfter = null, int? port = Port) =>
        new(port, readyTimeout ?? Patient, exercise, stopAfter);

    private static Task<MacRunResult> RunAsync(ScriptedMacSandboxPlatform platform, LongRunningOptions options)
    {
        var loaded = ProfileLoader.Load([Profile], new Dictionary<string, string>(StringComparer.Ordinal));
        var session = new MacRunSession(platform, FakePathResolver.MacOS, _ => true, new CollectorOptions(Patient, Patient, 3, TimeSpan.FromSeconds(5), Patient));
        return session.RunAsync([Profile], new Dictionary<string, string>(StringComparer.Ordinal), ["/usr/bin/python3", "-m", "http.server"], Mac, loaded.Profile, collectDenials: false, Token, options);
    }

    /// <summary>A server whose child (pid + 1) listens from the <paramref name="readyAt"/>-th lsof check on.</summary>
    private static ScriptedMacSandboxPlatform Server(int readyAt = 0, Func<string, ScriptedResponse>? exercise = null) =>
        new(run => ScriptedResponse.Exit(0) with
        {
            Descendants = [run.Pid + 1],
            Server = new ScriptedServer(check => check >= readyAt ? ScriptedServer.Listening(run.Pid + 1) : string.Empty),
        })
        {
            Exercise = exercise ?? (_ => ScriptedResponse.Exit(0)),
        };

    [Fact]
    public async Task A_server_listening_on_its_port_is_exercised_on_the_host_then_stopped_by_the_tool_with_sigterm()
    {
        var platform = Server(readyAt: 2);

        var result = await RunAsync(platform, Options());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("/usr/bin/sandbox-exec", platform.Commands[0][0]);
        Assert.Equal(["/usr/bin/python3", "-m", "http.server"], platform.Commands[0].Skip(platform.Commands[0].Count - 3));
        Assert.Equal([Lsof, Lsof, Lsof], platform.Commands.Skip(1).Take(3));
        Assert.Equal(["/bin/sh", "-c", "curl -sf http://127.0.0.1:8000/"], platform.Commands[4]);
        Assert.Equal(5, platform.Commands.Count);
        Assert.Equal("/Users/ana/site", platform.WorkingDirectories[4]); // the exercise runs where the target does
        Assert.Equal(MacStdio.Capture, platform.StdioModes[4]); // its output is kept, not mixed into the program's
        Assert.Equal([(TargetPid, 15)], platform.Signals);
        var line = Assert.Single(result.Messages);
        Assert.StartsWith("the program listened on port 8000 after ", line, StringComparison.Ordinal);
        Assert.Contains("the exercise succeeded, stopped after ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_held_by_a_process_outside_the_run_does_not_make_it_ready()
    {
        var platform = new ScriptedMacSandboxPlatform(run => ScriptedResponse.Exit(0) with
        {
            Server = new ScriptedServer(_ => ScriptedServer.Listening(999)),
        });

        var result = await RunAsync(platform, Options(readyTimeout: TimeSpan.FromMilliseconds(200)));

        Assert.Equal(1, result.ExitCode);
        Assert.All(platform.Commands.Skip(1), command => Assert.Equal(Lsof, command));
        Assert.NotEmpty(platform.Commands.Skip(1));
        Assert.DoesNotContain(platform.Commands, command => command[0] == MacExercise.Shell);
        Assert.Equal([(TargetPid, 15)], platform.Signals);
        Assert.Equal("the program did not listen on port 8000 within 0.2 s; stopped", Assert.Single(result.Messages));
    }

    [Fact]
    public async Task A_failed_exercise_fails_the_run_and_its_output_is_shown()
    {
        var platform = Server(exercise: _ => new ScriptedResponse(22, "curl: (22) The requested URL returned error: 404\n", [], Stdout: "partial\n"));

        var result = await RunAsync(platform, Options());

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([(TargetPid, 15)], platform.Signals);
        Assert.Contains("the exercise failed (exited with 22)", result.Messages[0], StringComparison.Ordinal);
        Assert.Equal(
            ["the exercise `curl -sf http://127.0.0.1:8000/` printed:", "  | partial", "  | curl: (22) The requested URL returned error: 404"],
            result.Messages.Skip(1));
    }

    [Fact]
    public async Task A_target_that_exits_before_it_listens_fails_with_its_own_exit_code_and_is_not_signalled()
    {
        var platform = new ScriptedMacSandboxPlatform(run => ScriptedResponse.Exit(3) with
        {
            Server = new ScriptedServer(_ => string.Empty, ExitsAfterChecks: 1),
        });

        var result = await RunAsync(platform, Options());

        Assert.Equal(3, result.ExitCode);
        Assert.Empty(platform.Signals);
        Assert.DoesNotContain(platform.Commands, command => command[0] == MacExercise.Shell);
        Assert.Equal("the program exited with 3 before it listened on port 8000", Assert.Single(result.Messages));
    }

    [Fact]
    public async Task Without_a_port_stop_after_lets_the_target_run_then_stops_it_without_any_lsof()
    {
        var platform = new ScriptedMacSandboxPlatform(run => ScriptedResponse.Exit(0) with { Server = new ScriptedServer(_ => string.Empty) });

        var result = await RunAsync(platform, Options(exercise: null, stopAfter: TimeSpan.FromMilliseconds(100), port: null));

        Assert.Equal(0, result.ExitCode);
        Assert.Single(platform.Commands); // sandbox-exec only: nothing to poll, nothing to exercise
        Assert.Equal([(TargetPid, 15)], platform.Signals);
        Assert.StartsWith("the program stopped after ", Assert.Single(result.Messages), StringComparison.Ordinal);
    }

    [Fact]
    public void The_macos_profiling_backend_claims_long_running_support()
    {
        IProfilingBackend backend = new MacOSProfilingBackend(Server(), FakePathResolver.MacOS, MacOSBackendOptions.Default);
        Assert.True(backend.SupportsLongRunning);
    }

    [Theory]
    [InlineData("p4242\nf4\nf5\n", new[] { 4242 })]
    [InlineData("p4242\nf4\np4243\nf7\n", new[] { 4242, 4243 })]
    [InlineData("", new int[0])]
    public void Lsof_field_output_gives_the_listening_pids(string output, int[] pids) =>
        Assert.Equal(pids, MacListeners.ParsePids(output));
}
