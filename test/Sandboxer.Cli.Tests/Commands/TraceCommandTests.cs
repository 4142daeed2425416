using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using Sandboxer.Events;
using Sandboxer.Platforms.Processes;
using Sandboxer.Platforms.Processes.Native;

namespace Sandboxer.Cli.Tests.Commands;

[SupportedOSPlatform("linux")]
public sealed class TraceCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sandboxer-cli-trace-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Writes_events_as_json_lines_to_stdout_and_exits_with_the_programs_code()
    {
        var (code, output, error) = await CliRunner.RunAsync("trace", "-w", _directory, "--", "sh", "-c", ": > made.txt; exit 5");
        Assert.True(code == 5, error);
        var events = EventJson.ReadAll(new StringReader(output), "stdout").ToList();
        Assert.Contains(events, e => e is { Operation: "process-exec", Path: "/usr/bin/dash", RequestedPath: "/usr/bin/sh" });
        var created = Assert.Single(events, e => e.Operation == "file-write-create" && e.Path == Path.Combine(_directory, "made.txt"));
        Assert.Equal(("sh", "/usr/bin/dash", "ok"), (created.Process, created.Executable, created.Result.ToString()));
        Assert.Matches(@"^trace: traced 1 process, \d+ events → \d+ unique; the program exited with 5\n$", error);
    }

    [Fact]
    public async Task A_program_killed_by_a_signal_exits_128_plus_the_signal()
    {
        var (code, _, error) = await CliRunner.RunAsync("trace", "-w", _directory, "--", "sh", "-c", "kill -SEGV $$");
        Assert.True(code == 139, error);
        Assert.EndsWith("; the program killed by SIGSEGV\n", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writes_the_output_file_atomically_and_refuses_to_overwrite_without_force()
    {
        var file = Path.Combine(_directory, "events.jsonl");
        var (code, output, error) = await CliRunner.RunAsync("trace", "-o", file, "-w", _directory, "--", "cat", "/etc/hostname");
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains(" → " + file, error, StringComparison.Ordinal);
        var events = EventJson.ReadAll(new StringReader(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken)), file).ToList();
        Assert.Contains(events, e => e is { Operation: "file-read-data", Path: "/etc/hostname", Process: "cat" });
        Assert.Empty(Directory.GetFiles(_directory, ".events.jsonl.*"));

        var again = await CliRunner.RunAsync("trace", "-o", file, "--", "true");
        Assert.Equal(2, again.ExitCode);
        Assert.Equal($"sandboxer: {file} already exists; use --force to overwrite it\n", again.Error);

        var forced = await CliRunner.RunAsync("trace", "-o", file, "--force", "--", "true");
        Assert.Equal(0, forced.ExitCode);
        Assert.Contains("/usr/bin/true", await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_working_directory_option_resolves_relative_paths()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "in.txt"), "x", TestContext.Current.CancellationToken);
        var (code, output, _) = await CliRunner.RunAsync("trace", "--workdir", _directory, "--", "cat", "in.txt");
        Assert.Equal(0, code);
        Assert.Contains(EventJson.ReadAll(new StringReader(output), "stdout"), e => e is { Operation: "file-read-data", Process: "cat" } && e.Path == Path.Combine(_directory, "in.txt"));
    }

    [Fact]
    public async Task A_missing_program_or_directory_is_a_usage_error()
    {
        var missing = await CliRunner.RunAsync("trace", "--", "sandboxer-no-such-program");
        Assert.Equal((2, "sandboxer: sandboxer-no-such-program: command not found\n"), (missing.ExitCode, missing.Error));
        var nowhere = Path.Combine(_directory, "nowhere");
        var badDirectory = await CliRunner.RunAsync("trace", "-w", nowhere, "--", "true");
        Assert.Equal((2, $"sandboxer: {nowhere}: no such directory\n"), (badDirectory.ExitCode, badDirectory.Error));
        var noCommand = await CliRunner.RunAsync("trace");
        Assert.Equal(2, noCommand.ExitCode);
    }

    [Fact]
    public async Task Standard_input_and_output_pass_through_to_the_program()
    {
        var events = Path.Combine(_directory, "events.jsonl");
        using var cli = StartCli(["trace", "-o", events, "--", "cat"], redirectInput: true);
        await cli.StandardInput.WriteAsync("typed into the traced program\n");
        cli.StandardInput.Close();
        var output = await cli.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await cli.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, cli.ExitCode);
        Assert.Equal("typed into the traced program\n", output);
        Assert.True(File.Exists(events));
    }

    [Theory]
    [InlineData(SignalNames.SIGINT)]
    [InlineData(SignalNames.SIGTERM)]
    public async Task An_interrupt_signal_stops_the_program_terminates_its_tree_and_exits_130(int signal)
    {
        var pidFile = Path.Combine(_directory, "daemon.pid");
        var ready = Path.Combine(_directory, "ready");
        using var cli = StartCli(["trace", "-w", _directory, "--", "sh", "-c", $"( sleep 300 & echo $! > '{pidFile}' ); touch '{ready}'; exec sleep 300"]);
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(ready) && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (cli.HasExited)
            {
                Assert.Fail($"the CLI exited early with {cli.ExitCode}: {await cli.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken)}");
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        var daemon = int.Parse(await File.ReadAllTextAsync(pidFile, TestContext.Current.CancellationToken), NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture);
        var descendants = new List<int>();
        ProcFs.AddChildren(cli.Id, descendants);
        for (var i = 0; i < descendants.Count; i++)
        {
            ProcFs.AddChildren(descendants[i], descendants);
        }

        Assert.Equal(0, LibC.kill(cli.Id, signal));
        var output = await cli.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await cli.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(130, cli.ExitCode);
        Assert.False(ProcFs.IsRunning(daemon), "the daemon survived");
        Assert.All(descendants, pid => Assert.False(ProcFs.IsRunning(pid), $"process {pid} survived"));
        Assert.Contains(EventJson.ReadAll(new StringReader(output), "stdout"), e => e.Operation == "process-exec" && e.Path == "/usr/bin/sleep");
    }

    [Fact]
    public async Task Ctrl_c_typed_at_a_terminal_reaches_the_program_once_and_stragglers_are_terminated()
    {
        var pidFile = Path.Combine(_directory, "background.pid");
        var events = Path.Combine(_directory, "events.jsonl");
        var sandboxer = Path.Combine(AppContext.BaseDirectory, "sandboxer");
        var command = $"'{sandboxer}' trace -o '{events}' -- sh -c 'sleep 300 & echo $! > {pidFile}; echo started; wait'";
        var info = new ProcessStartInfo("script", ["-qec", command, "/dev/null"])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        info.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(RuntimeHostPath())!;
        using var terminal = Process.Start(info)!;
        var seen = new System.Text.StringBuilder();
        var buffer = new char[256];
        while (!seen.ToString().Contains("started", StringComparison.Ordinal))
        {
            var read = await terminal.StandardOutput.ReadAsync(buffer, TestContext.Current.CancellationToken);
            Assert.NotEqual(0, read);
            seen.Append(buffer, 0, read);
        }

        var background = int.Parse(await File.ReadAllTextAsync(pidFile, TestContext.Current.CancellationToken), NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture);
        await terminal.StandardInput.WriteAsync('\u0003');
        await terminal.StandardInput.FlushAsync(TestContext.Current.CancellationToken);
        var rest = await terminal.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await terminal.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(130, terminal.ExitCode);
        Assert.False(ProcFs.IsRunning(background), "the background sleep survived");
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(rest, @"trace: traced 2 processes, .*; the program interrupted by SIGINT; 1 leftover process terminated"), rest);
    }

    [Fact]
    public async Task Without_strace_it_exits_3_and_says_how_to_install_it()
    {
        var emptyBin = Directory.CreateDirectory(Path.Combine(_directory, "bin")).FullName;
        using var cli = StartCli(["trace", "--", "/bin/true"], environment: new() { ["PATH"] = emptyBin });
        var error = await cli.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await cli.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(3, cli.ExitCode);
        var install = LibC.geteuid() == 0 ? "apt-get install -y strace" : "sudo apt-get install -y strace";
        Assert.Equal($"sandboxer: strace is not installed; install it with: {install}\n", error);
    }

    /// <summary>Runs the built CLI as its own process (real signals, real standard streams).</summary>
    private static Process StartCli(string[] arguments, bool redirectInput = false, Dictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "sandboxer"))
        {
            UseShellExecute = false,
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(RuntimeHostPath())!;
        foreach (var (name, value) in environment ?? [])
        {
            info.Environment[name] = value;
        }

        return Process.Start(info)!;
    }

    /// <summary>The dotnet host running these tests (its directory is the runtime's root).</summary>
    private static string RuntimeHostPath()
    {
        var fromRuntime = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet"));
        return File.Exists(fromRuntime) ? fromRuntime : "/usr/share/dotnet/dotnet";
    }
}
