using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Sandboxer.Platforms.Processes;

namespace Sandboxer.Platforms.Tests.Processes;

/// <summary>
/// Long-running targets through the shared runner, with real servers and real clients: readiness from the target's
/// listening socket, the exercise run on the host with its output kept, the stop by the tool (not an interrupt), and
/// nothing of the tree left afterwards.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LongRunningTargetTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_server_is_exercised_once_it_listens_then_stopped_with_its_whole_tree()
    {
        var port = FreePort();
        var pids = _directory.File("pids");
        var options = new LongRunningOptions(port, TimeSpan.FromSeconds(30), Fetch(port, "index.html"), null);
        await File.WriteAllTextAsync(_directory.File("index.html"), "served\n", TestContext.Current.CancellationToken);

        var outcome = await RunAsync(
            ["sh", "-c", $"(sleep 300 & echo $! >> '{pids}'); echo $$ >> '{pids}'; exec /usr/bin/python3 -m http.server {port} --bind 127.0.0.1"],
            options);

        var longRunning = Assert.IsType<LongRunningResult>(outcome.LongRunning);
        Assert.True(longRunning.Succeeded, outcome.Describe());
        Assert.True(outcome.StoppedByTool);
        Assert.False(outcome.Interrupted);
        Assert.NotNull(longRunning.ReadyAfter);
        var exercise = Assert.IsType<ExerciseResult>(longRunning.Exercise);
        Assert.Equal(0, exercise.ExitCode);
        Assert.Equal("served\n", exercise.Output);
        Assert.True(outcome.ExerciseSucceeded);
        Assert.StartsWith($"listened on port {port} after ", outcome.Describe(), StringComparison.Ordinal);
        Assert.Contains("the exercise succeeded, stopped after", outcome.Describe(), StringComparison.Ordinal);
        AssertAllGone(pids, expected: 2);
    }

    [Fact]
    public async Task A_target_that_exits_before_it_listens_fails_with_its_exit_code_and_is_not_exercised()
    {
        var port = FreePort();
        var marker = _directory.File("exercised");
        var options = new LongRunningOptions(port, TimeSpan.FromSeconds(30), $"touch '{marker}'", null);

        var outcome = await RunAsync(["sh", "-c", "exit 3"], options);

        Assert.Equal(3, outcome.ExitCode);
        Assert.False(outcome.StoppedByTool);
        Assert.Equal(LongRunningFailure.ExitedBeforeReady, outcome.LongRunning!.Failure);
        Assert.False(outcome.LongRunning.Succeeded);
        Assert.Null(outcome.LongRunning.Exercise);
        Assert.False(File.Exists(marker));
        Assert.Equal($"exited with 3 before it listened on port {port}", outcome.Describe());
    }

    [Fact]
    public async Task A_target_that_never_listens_is_stopped_at_the_ready_timeout()
    {
        var port = FreePort();
        var pids = _directory.File("pids");
        var options = new LongRunningOptions(port, TimeSpan.FromMilliseconds(300), "true", null);

        var outcome = await RunAsync(["sh", "-c", $"echo $$ > '{pids}'; while :; do sleep 0.1; done"], options);

        Assert.Equal(LongRunningFailure.NotReady, outcome.LongRunning!.Failure);
        Assert.True(outcome.StoppedByTool);
        Assert.False(outcome.Interrupted);
        Assert.False(outcome.TimedOut);
        Assert.Null(outcome.LongRunning.Exercise);
        Assert.Equal($"did not listen on port {port} within 0.3 s; stopped", outcome.Describe());
        AssertAllGone(pids, expected: 1);
    }

    [Fact]
    public async Task Another_program_listening_on_the_port_does_not_make_the_target_ready()
    {
        using var other = new TcpListener(IPAddress.Loopback, 0);
        other.Start();
        var port = ((IPEndPoint)other.LocalEndpoint).Port;
        var options = new LongRunningOptions(port, TimeSpan.FromMilliseconds(300), "true", null);

        var outcome = await RunAsync(["sleep", "30"], options);

        Assert.Equal(LongRunningFailure.NotReady, outcome.LongRunning!.Failure);
    }

    [Fact]
    public async Task A_failing_exercise_fails_the_run_and_keeps_what_it_printed()
    {
        var port = FreePort();
        var options = new LongRunningOptions(port, TimeSpan.FromSeconds(30), "echo boom; echo 'on stderr' >&2; exit 5", null);

        var outcome = await RunAsync(Server(port), options);

        Assert.Equal(LongRunningFailure.ExerciseFailed, outcome.LongRunning!.Failure);
        Assert.True(outcome.StoppedByTool);
        var exercise = outcome.LongRunning.Exercise!;
        Assert.Equal((5, false), (exercise.ExitCode, exercise.Succeeded));
        Assert.Equal("boom\non stderr\n", exercise.Output);
        Assert.False(outcome.ExerciseSucceeded);
        Assert.Contains("the exercise failed (exited with 5), stopped after", outcome.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_exercise_that_runs_too_long_is_stopped_and_fails()
    {
        var port = FreePort();
        var pids = _directory.File("pids");
        var options = new LongRunningOptions(port, TimeSpan.FromSeconds(30), $"echo $$ > '{pids}'; sleep 300", null) { ExerciseTimeout = TimeSpan.FromMilliseconds(300) };

        var outcome = await RunAsync(Server(port), options);

        Assert.Equal(LongRunningFailure.ExerciseFailed, outcome.LongRunning!.Failure);
        Assert.True(outcome.LongRunning.Exercise!.TimedOut);
        Assert.StartsWith("timed out after", outcome.LongRunning.Exercise.Describe(), StringComparison.Ordinal);
        AssertAllGone(pids, expected: 1);
    }

    [Fact]
    public async Task A_target_that_ends_during_the_exercise_stops_the_exercise_and_fails()
    {
        var port = FreePort();
        var options = new LongRunningOptions(port, TimeSpan.FromSeconds(30), "sleep 300", null);
        var script = $"import socket, time\ns = socket.socket()\ns.bind(('127.0.0.1', {port}))\ns.listen()\ntime.sleep(0.5)";

        var outcome = await RunAsync(["/usr/bin/python3", "-c", script], options);

        Assert.Equal(0, outcome.ExitCode);
        Assert.False(outcome.StoppedByTool);
        Assert.Equal(LongRunningFailure.ExitedBeforeStop, outcome.LongRunning!.Failure);
        Assert.NotNull(outcome.LongRunning.ReadyAfter);
        Assert.True(outcome.LongRunning.Exercise!.Stopped);
        Assert.EndsWith("the exercise stopped before it finished, exited with 0 before it was stopped", outcome.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_watcher_with_no_port_runs_until_stop_after_and_is_stopped_with_its_tree()
    {
        var ticks = _directory.File("ticks");
        var pids = _directory.File("pids");
        var options = new LongRunningOptions(null, LongRunningOptions.DefaultReadyTimeout, null, TimeSpan.FromMilliseconds(600));

        var outcome = await RunAsync(["sh", "-c", $"echo $$ > '{pids}'; while :; do echo tick >> '{ticks}'; sleep 0.1; done"], options);

        Assert.True(outcome.LongRunning!.Succeeded, outcome.Describe());
        Assert.True(outcome.StoppedByTool);
        Assert.True(outcome.LongRunning.StoppedAt >= TimeSpan.FromMilliseconds(600));
        Assert.Null(outcome.ExerciseSucceeded);
        Assert.Contains("tick", await File.ReadAllTextAsync(ticks, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        AssertAllGone(pids, expected: 1);
    }

    [Fact]
    public async Task A_watcher_that_exits_before_stop_after_fails()
    {
        var options = new LongRunningOptions(null, LongRunningOptions.DefaultReadyTimeout, null, TimeSpan.FromSeconds(30));

        var outcome = await RunAsync(["sh", "-c", "exit 2"], options);

        Assert.Equal(LongRunningFailure.ExitedBeforeStop, outcome.LongRunning!.Failure);
        Assert.False(outcome.LongRunning.Succeeded);
        Assert.Equal("exited with 2 before it was stopped", outcome.Describe());
    }

    [Fact]
    public async Task Cancelling_a_long_running_run_interrupts_it_rather_than_stopping_it()
    {
        var port = FreePort();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var options = new LongRunningOptions(port, TimeSpan.FromSeconds(60), null, null);
        using var target = TargetRunner.Start(Launch(["sleep", "300"], options));
        var waiting = target.WaitAsync(cancel.Token);
        await cancel.CancelAsync();

        var outcome = await waiting;

        Assert.True(outcome.Interrupted);
        Assert.False(outcome.StoppedByTool);
        Assert.False(outcome.LongRunning!.Succeeded);
        Assert.Equal("interrupted by SIGINT", outcome.Describe());
    }

    private static string[] Server(int port) =>
        ["/usr/bin/python3", "-m", "http.server", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1"];

    /// <summary>An exercise that fetches a page with Python's own HTTP client and prints it.</summary>
    private static string Fetch(int port, string page) =>
        $"/usr/bin/python3 -c \"import sys, urllib.request; sys.stdout.write(urllib.request.urlopen('http://127.0.0.1:{port}/{page}').read().decode())\"";

    private TargetLaunch Launch(string[] arguments, LongRunningOptions options)
    {
        var devNull = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.ReadWrite);
        return new TargetLaunch
        {
            Arguments = arguments,
            WorkingDirectory = _directory.Path,
            Stdio = new TargetStdio(devNull, devNull, devNull),
            HandleTerminationSignals = false,
            Timeout = TimeSpan.FromMinutes(2),
            LongRunning = options,
        };
    }

    private async Task<TargetOutcome> RunAsync(string[] arguments, LongRunningOptions options) =>
        await TargetRunner.RunAsync(Launch(arguments, options), TestContext.Current.CancellationToken);

    /// <summary>Every pid written to <paramref name="file"/> (one a line) is gone.</summary>
    private static void AssertAllGone(string file, int expected)
    {
        var pids = File.ReadAllLines(file).Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(expected, pids.Count);
        Assert.All(pids, pid => Assert.False(ProcFs.IsRunning(pid), $"process {pid} of the target's tree is still running"));
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
