using Sandboxer.Platforms.MacOS.Collector;

namespace Sandboxer.Platforms.Tests.MacOS.Collector;

/// <summary>The process layer, run for real with /bin/sh on this machine (it has nothing macOS-specific).</summary>
public sealed class MacSandboxPlatformTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("sandboxer-mac-platform-");

    public void Dispose() => _directory.Delete(recursive: true);

    private MacSandboxPlatform Platform => new(_directory.FullName);

    [Fact]
    public async Task Runs_a_program_and_captures_its_status_and_output()
    {
        var result = await Platform.RunAsync(["/bin/sh", "-c", "echo out; echo err >&2; exit 3"], null, null, MacStdio.Capture, TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        Assert.Equal((3, "out\n", "err\n", false), (result.ExitCode, result.Stdout, result.Stderr, result.TimedOut));
        Assert.True(result.Pid > 0);
    }

    [Fact]
    public async Task Passes_stderr_through_while_keeping_it_for_classification()
    {
        using var forwarded = new StringWriter();
        var platform = new MacSandboxPlatform(_directory.FullName, forwarded);
        var result = await platform.RunAsync(
            ["/bin/sh", "-c", "echo 'sandbox-exec: sandbox_apply: Operation not permitted' >&2; exit 71"], null, null, MacStdio.PassThrough, TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        Assert.Equal(71, result.ExitCode);
        Assert.Equal("sandbox-exec: sandbox_apply: Operation not permitted\n", result.Stderr);
        Assert.Equal(result.Stderr, forwarded.ToString());
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Runs_the_program_in_the_given_working_directory()
    {
        var result = await Platform.RunAsync(["/bin/sh", "-c", "pwd -P"], _directory.FullName, null, MacStdio.Capture, TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        Assert.Equal(Path.GetFullPath(_directory.FullName) + "\n", result.Stdout);
    }

    [Fact]
    public async Task Gives_the_program_a_closed_stdin()
    {
        var result = await Platform.RunAsync(["/bin/sh", "-c", "cat; echo done"], null, null, MacStdio.Capture, TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        Assert.Equal("done\n", result.Stdout);
    }

    [Fact]
    public async Task Kills_the_process_tree_at_the_time_limit()
    {
        var sleep = "sleep " + UniqueDuration();
        var result = await Platform.RunAsync(["/bin/sh", "-c", $"{sleep} & {sleep}"], null, null, MacStdio.Capture, TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        Assert.True(result.TimedOut);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal(0, ProcessesRunning(sleep)); // sh ended on SIGTERM; both of its children, orphaned, were found and stopped
        Assert.Equal(2, result.Descendants.Count);
    }

    [Fact]
    public async Task Ctrl_c_leaves_nothing_the_program_started_running()
    {
        var sleep = "sleep " + UniqueDuration();
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = Platform.RunAsync(["/bin/sh", "-c", $"{sleep} & {sleep}; wait"], null, null, MacStdio.Capture, TimeSpan.FromMinutes(1), interrupt.Token);
        for (var i = 0; i < 400 && ProcessesRunning(sleep) < 2; i++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Equal(2, ProcessesRunning(sleep));
        await interrupt.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(0, ProcessesRunning(sleep));
    }

    [Fact]
    public async Task Reports_the_processes_it_started_and_stops_those_that_outlive_it()
    {
        // The background child outlives sh (re-parented away from the run): it was seen below sh while sh ran, so it
        // is a descendant, and it is stopped once sh has exited.
        var sleep = "sleep " + UniqueDuration();
        var result = await Platform.RunAsync(["/bin/sh", "-c", $"{sleep} & echo $!; sleep 2"], null, null, MacStdio.Capture, TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

        Assert.Equal(0, result.ExitCode);
        var child = int.Parse(result.Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(child, result.Descendants);
        Assert.DoesNotContain(result.Pid, result.Descendants);
        Assert.Equal(0, ProcessesRunning(sleep));
    }

    [Fact]
    public async Task Gives_the_program_the_requested_variables_on_top_of_the_tools()
    {
        var result = await Platform.RunAsync(
            ["/bin/sh", "-c", "printf '%s|%s' \"$SANDBOXER_TEST_VALUE\" \"${PATH:+path}\""], null, new Dictionary<string, string> { ["SANDBOXER_TEST_VALUE"] = "a b" }, MacStdio.Capture, TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        Assert.Equal("a b|path", result.Stdout);
    }

    [Fact]
    public async Task Ctrl_c_sends_sigint_to_the_program_first_then_gives_up_waiting()
    {
        var started = Path.Combine(_directory.FullName, "started");
        var marker = Path.Combine(_directory.FullName, "signal");
        var script = $"trap 'echo INT > \"{marker}\"; exit 130' INT; trap 'echo TERM > \"{marker}\"; exit 143' TERM; : > \"{started}\"; while :; do sleep 0.05; done";
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = Platform.RunAsync(["/bin/sh", "-c", script], null, null, MacStdio.Capture, TimeSpan.FromMinutes(1), interrupt.Token);
        await WaitForFileAsync(started);
        await interrupt.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal("INT\n", await File.ReadAllTextAsync(marker, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_time_limit_sends_sigterm_first()
    {
        var marker = Path.Combine(_directory.FullName, "signal");
        var script = $"trap 'echo TERM > \"{marker}\"; exit 143' TERM; while :; do sleep 0.05; done";
        var result = await Platform.RunAsync(["/bin/sh", "-c", script], null, null, MacStdio.Capture, TimeSpan.FromMilliseconds(300), TestContext.Current.CancellationToken);
        Assert.True(result.TimedOut);
        Assert.Equal(143, result.ExitCode);
        Assert.Equal("TERM\n", await File.ReadAllTextAsync(marker, TestContext.Current.CancellationToken));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Locates_programs_as_execvp_would()
    {
        var tool = Path.Combine(_directory.FullName, "tool");
        File.WriteAllText(tool, "#!/bin/sh\n");
        File.SetUnixFileMode(tool, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        Assert.Equal(tool, Platform.LocateExecutable("./tool", _directory.FullName));
        Assert.Equal(tool, Platform.LocateExecutable(tool, "/"));
        Assert.EndsWith("/sh", Platform.LocateExecutable("sh", _directory.FullName), StringComparison.Ordinal);
        Assert.Null(Platform.LocateExecutable("sandboxer-no-such-program", _directory.FullName));
    }

    /// <summary>A <c>sleep</c> argument no other process on the machine uses, to find this test's processes with <c>ps</c>.</summary>
    private static string UniqueDuration() => "987." + Random.Shared.Next(100000, 999999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>How many live (not zombie) processes run exactly <paramref name="commandLine"/>.</summary>
    private static int ProcessesRunning(string commandLine)
    {
        var info = new System.Diagnostics.ProcessStartInfo("/bin/ps") { RedirectStandardOutput = true };
        foreach (var argument in new[] { "-A", "-o", "stat=", "-o", "args=" })
        {
            info.ArgumentList.Add(argument);
        }

        using var ps = System.Diagnostics.Process.Start(info)!;
        var lines = ps.StandardOutput.ReadToEnd().Split('\n');
        ps.WaitForExit();
        return lines.Count(l => l.Trim().Split(' ', 2, StringSplitOptions.TrimEntries) is [var state, var args] && !state.StartsWith('Z') && args == commandLine);
    }

    private static async Task WaitForFileAsync(string path)
    {
        for (var i = 0; i < 400 && !File.Exists(path); i++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.True(File.Exists(path), path + " was never created");
    }

    [Fact]
    public async Task Stops_the_log_stream_with_sigint_and_reads_it_to_the_trailer()
    {
        // A stand-in for `log stream`: a banner, then records until SIGINT, then the trailer — what `log` does.
        const string script = "trap 'echo; echo \"{\\\"count\\\":1,\\\"finished\\\":1}\"; exit 0' INT; echo 'Filtering the log data using x'; echo '{\"a\":1}'; while :; do sleep 0.05; done";
        await using var stream = Platform.StartLogStream(["/bin/sh", "-c", script]);
        var first = await stream.Lines.ReadAsync(TestContext.Current.CancellationToken);
        Assert.Equal("Filtering the log data using x", first);
        Assert.Equal("{\"a\":1}", await stream.Lines.ReadAsync(TestContext.Current.CancellationToken));

        var stop = await stream.StopAsync(TimeSpan.FromSeconds(20));
        var rest = new List<string>();
        await foreach (var line in stream.Lines.ReadAllAsync(TestContext.Current.CancellationToken))
        {
            rest.Add(line);
        }

        Assert.Equal(0, stop.ExitCode);
        Assert.Equal(["", "{\"count\":1,\"finished\":1}"], rest);
    }

    [Fact]
    public async Task A_stream_that_ignores_sigint_is_killed_after_the_drain_bound()
    {
        await using var stream = Platform.StartLogStream(["/bin/sh", "-c", "trap '' INT; echo started; while :; do sleep 0.05; done"]);
        Assert.Equal("started", await stream.Lines.ReadAsync(TestContext.Current.CancellationToken));
        var stop = await stream.StopAsync(TimeSpan.FromMilliseconds(300));
        Assert.NotEqual(0, stop.ExitCode);
        Assert.True(stream.Lines.Completion.IsCompleted);
    }

    [Fact]
    public async Task A_stream_that_fails_reports_its_stderr()
    {
        await using var stream = Platform.StartLogStream(["/bin/sh", "-c", "echo 'log: Cannot run while sandboxed' >&2; exit 64"]);
        await stream.Lines.Completion.WaitAsync(TestContext.Current.CancellationToken);
        var stop = await stream.StopAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(64, stop.ExitCode);
        Assert.Equal("log: Cannot run while sandboxed\n", stop.Stderr);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Creates_private_temporary_files_and_deletes_them()
    {
        var path = Platform.CreateTemporaryFile("sbx_test.sb", "(version 1)\n");
        Assert.StartsWith(Path.Combine(_directory.FullName, "sandboxer-"), path, StringComparison.Ordinal);
        Assert.Equal("(version 1)\n", File.ReadAllText(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Platform.DeleteTemporaryFile(path);
        Assert.False(File.Exists(path));
    }
}
