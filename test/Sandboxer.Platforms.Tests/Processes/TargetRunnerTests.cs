using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Sandboxer.Platforms.Processes;

namespace Sandboxer.Platforms.Tests.Processes;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class TargetRunnerTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Propagates_the_exit_code()
    {
        var outcome = await Run(["sh", "-c", "exit 7"]);
        Assert.Equal(7, outcome.ExitCode);
        Assert.Null(outcome.Signal);
        Assert.False(outcome.Interrupted);
        Assert.Equal("exited with 7", outcome.Describe());
    }

    [Fact]
    public async Task A_target_killed_by_a_signal_exits_128_plus_the_signal()
    {
        var outcome = await Run(["sh", "-c", "kill -SEGV $$"]);
        Assert.Equal(139, outcome.ExitCode);
        Assert.Equal(11, outcome.Signal);
        Assert.Equal("killed by SIGSEGV", outcome.Describe());
    }

    [Fact]
    public async Task A_target_that_dies_of_sigint_counts_as_interrupted()
    {
        var outcome = await Run(["sh", "-c", "kill -INT $$"]);
        Assert.Equal((130, 2, true), (outcome.ExitCode, outcome.Signal, outcome.Interrupted));
        Assert.Equal("interrupted by SIGINT", outcome.Describe());
    }

    [Fact]
    public async Task Standard_input_passes_through_to_the_target()
    {
        var input = _directory.File("in.txt");
        await File.WriteAllTextAsync(input, "line one\nline two\n", TestContext.Current.CancellationToken);
        using var inputHandle = File.OpenHandle(input);
        var output = await RunCapturingFile(["cat"], new TargetStdio(Input: inputHandle));
        Assert.Equal("line one\nline two\n", output);
    }

    [Fact]
    public async Task Captured_output_is_kept_and_still_written_through()
    {
        var file = _directory.File("out.txt");
        TargetOutcome outcome;
        using (var handle = File.OpenHandle(file, FileMode.Create, FileAccess.Write))
        {
            outcome = await Run(["sh", "-c", "printf 'hello\\nworld'"], launch => launch with { CaptureOutput = true, Stdio = new TargetStdio(Output: handle) });
        }

        Assert.NotNull(outcome.Output);
        Assert.Equal("hello\nworld", Encoding.UTF8.GetString(outcome.Output.Bytes));
        Assert.Equal(11, outcome.Output.Length);
        Assert.Equal("hello\nworld", await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Captured_output_beyond_the_limit_is_counted_and_hashed_but_not_kept()
    {
        var first = await Run(["sh", "-c", "head -c 5000 /dev/zero"], launch => launch with { CaptureOutput = true, CaptureLimit = 100, Stdio = new TargetStdio(Output: DevNull()) });
        var second = await Run(["sh", "-c", "head -c 5000 /dev/zero"], launch => launch with { CaptureOutput = true, CaptureLimit = 100, Stdio = new TargetStdio(Output: DevNull()) });
        var different = await Run(["sh", "-c", "head -c 5001 /dev/zero"], launch => launch with { CaptureOutput = true, CaptureLimit = 100, Stdio = new TargetStdio(Output: DevNull()) });
        Assert.Equal(100, first.Output!.Bytes.Length);
        Assert.Equal(5000, first.Output.Length);
        Assert.True(first.Output.IsTruncated);
        Assert.True(first.Output.SameAs(second.Output!));
        Assert.False(first.Output.SameAs(different.Output!));
    }

    [Fact]
    public async Task Environment_overrides_and_working_directory_apply()
    {
        var work = Directory.CreateDirectory(_directory.File("work")).FullName;
        Environment.SetEnvironmentVariable("SANDBOXER_TEST_REMOVED", "present");
        try
        {
            var output = await RunCapturingFile(
                ["sh", "-c", "printf '%s|%s|%s|%s' \"$HOME\" \"$TMPDIR\" \"$(pwd)\" \"${SANDBOXER_TEST_REMOVED-unset}\""],
                TargetStdio.Inherit,
                launch => launch with
                {
                    WorkingDirectory = work,
                    Environment = new Dictionary<string, string?> { ["HOME"] = "/tmp/fake-home", ["TMPDIR"] = "/tmp/fake-tmp", ["SANDBOXER_TEST_REMOVED"] = null },
                });
            Assert.Equal($"/tmp/fake-home|/tmp/fake-tmp|{work}|unset", output);
        }
        finally
        {
            Environment.SetEnvironmentVariable("SANDBOXER_TEST_REMOVED", null);
        }
    }

    [Fact]
    public async Task A_relative_program_path_is_found_from_the_working_directory()
    {
        var script = _directory.File("hello.sh");
        await File.WriteAllTextAsync(script, "#!/bin/sh\nexit 42\n", TestContext.Current.CancellationToken);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var outcome = await Run(["./hello.sh"], launch => launch with { WorkingDirectory = _directory.Path });
        Assert.Equal(42, outcome.ExitCode);
    }

    [Fact]
    public async Task A_missing_program_is_a_start_error()
    {
        var error = await Assert.ThrowsAsync<TargetStartException>(() => Run(["sandboxer-no-such-program"]));
        Assert.Equal("sandboxer-no-such-program: command not found", error.Message);
    }

    [Fact]
    public async Task A_missing_working_directory_is_a_start_error()
    {
        var missing = _directory.File("missing");
        var error = await Assert.ThrowsAsync<TargetStartException>(() => Run(["true"], launch => launch with { WorkingDirectory = missing }));
        Assert.Equal($"working directory {missing} does not exist", error.Message);
    }

    [Fact]
    public async Task A_double_forked_grandchild_is_killed_after_the_target_exits()
    {
        var pidFile = _directory.File("daemon.pid");
        var outcome = await Run(["sh", "-c", $"( sleep 300 & echo $! > '{pidFile}' ); exit 3"]);
        Assert.Equal(3, outcome.ExitCode);
        Assert.Equal(1, outcome.TerminatedStragglers);
        AssertGone(await ReadPid(pidFile));
    }

    [Fact]
    public async Task A_grandchild_in_its_own_session_is_killed_too()
    {
        var pidFile = _directory.File("daemon.pid");
        var outcome = await Run(["sh", "-c", $"( setsid sh -c 'echo $$ > \"{pidFile}.tmp\"; mv \"{pidFile}.tmp\" \"{pidFile}\"; exec sleep 300' & ); while [ ! -s '{pidFile}' ]; do sleep 0.01; done"]);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(1, outcome.TerminatedStragglers);
        AssertGone(await ReadPid(pidFile));
    }

    [Fact]
    public async Task Cancellation_interrupts_the_target_and_terminates_its_tree()
    {
        var pidFile = _directory.File("daemon.pid");
        using var target = TargetRunner.Start(Launch(["sh", "-c", $"( sleep 300 & echo $! > '{pidFile}' ); exec sleep 300"]));
        var daemon = await ReadPid(pidFile);
        using var cancellation = new CancellationTokenSource();
        var waiting = target.WaitAsync(cancellation.Token);
        await cancellation.CancelAsync();
        var outcome = await waiting;
        Assert.True(outcome.Interrupted);
        Assert.Equal(SignalNames.SIGINT, outcome.InterruptSignal);
        Assert.Equal(130, outcome.ExitCode);
        Assert.Equal("interrupted by SIGINT", outcome.Describe());
        AssertGone(daemon);
        AssertGone(target.Pid);
    }

    [Fact]
    public async Task A_target_that_ignores_the_interrupt_is_terminated_after_the_grace_period()
    {
        var ready = _directory.File("ready");
        using var target = TargetRunner.Start(Launch(["sh", "-c", $"trap '' INT TERM; touch '{ready}'; while :; do sleep 0.05; done"]));
        await WaitForFile(ready);
        target.Interrupt(SignalNames.SIGINT);
        var outcome = await target.WaitAsync(TestContext.Current.CancellationToken);
        Assert.True(outcome.Interrupted);
        Assert.Equal(SignalNames.SIGKILL, outcome.Signal);
        AssertGone(target.Pid);
    }

    [Fact]
    public async Task A_timeout_stops_the_target_with_sigterm()
    {
        var outcome = await Run(["sleep", "300"], launch => launch with { Timeout = TimeSpan.FromMilliseconds(200) });
        Assert.True(outcome.TimedOut);
        Assert.False(outcome.Interrupted);
        Assert.Equal(SignalNames.SIGTERM, outcome.Signal);
        Assert.Equal(143, outcome.ExitCode);
    }

    [Fact]
    public async Task Processes_the_tool_started_elsewhere_are_left_alone()
    {
        using var bystander = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        try
        {
            var outcome = await Run(["sh", "-c", "( sleep 300 & ); exit 0"]);
            Assert.Equal(1, outcome.TerminatedStragglers);
            Assert.False(bystander.HasExited);
        }
        finally
        {
            bystander.Kill();
            await bystander.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task A_non_forking_wrapper_runs_in_front_of_the_target()
    {
        var output = await RunCapturingFile(
            ["sh", "-c", "printf %s \"$WRAPPED\""],
            TargetStdio.Inherit,
            launch => launch with { Wrapper = new LaunchWrapper(["env", "WRAPPED=yes"], ForksTarget: false) });
        Assert.Equal("yes", output);
    }

    [Fact]
    public async Task A_forking_wrapper_is_waited_for_after_its_target_and_stragglers_are_gone()
    {
        var pidFile = _directory.File("daemon.pid");
        var outcome = await Run(
            ["sh", "-c", $"( sleep 300 & echo $! > '{pidFile}' ); exit 5"],
            launch => launch with { Wrapper = new LaunchWrapper(["sh", "-c", "\"$@\"; code=$?; wait; exit $code", "wrapper"], ForksTarget: true) });
        Assert.Equal(5, outcome.ExitCode);
        AssertGone(await ReadPid(pidFile));
    }

    private static SafeFileHandle DevNull() => File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Write);

    private TargetLaunch Launch(string[] arguments) => new() { Arguments = arguments, WorkingDirectory = _directory.Path, HandleTerminationSignals = false };

    private async Task<TargetOutcome> Run(string[] arguments, Func<TargetLaunch, TargetLaunch>? configure = null)
    {
        var launch = Launch(arguments);
        return await TargetRunner.RunAsync(configure is null ? launch : configure(launch), TestContext.Current.CancellationToken);
    }

    private async Task<string> RunCapturingFile(string[] arguments, TargetStdio stdio, Func<TargetLaunch, TargetLaunch>? configure = null)
    {
        var file = _directory.File("captured-" + Guid.NewGuid().ToString("N") + ".txt");
        using (var handle = File.OpenHandle(file, FileMode.Create, FileAccess.Write))
        {
            var outcome = await Run(arguments, launch => (configure?.Invoke(launch) ?? launch) with { Stdio = stdio with { Output = handle } });
            Assert.Equal(0, outcome.ExitCode);
        }

        return await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);
    }

    private static async Task WaitForFile(string path)
    {
        for (var i = 0; i < 500 && !File.Exists(path); i++)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<int> ReadPid(string path)
    {
        for (var i = 0; i < 500; i++)
        {
            if (File.Exists(path) && int.TryParse((await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken)).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                return pid;
            }

            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException("the target never wrote " + path);
    }

    private static void AssertGone(int pid) =>
        Assert.False(ProcFs.IsRunning(pid), $"process {pid} is still running");
}
