using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using Sandboxer.Platforms.Linux.Tracing;
using Sandboxer.Platforms.Processes;

namespace Sandboxer.Platforms.Tests.Linux.Tracing;

/// <summary>Real programs of this machine traced end to end; each test names the exact events it expects.</summary>
[SupportedOSPlatform("linux")]
public sealed class StraceTracerTests : IDisposable
{
    private const string Loader = "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2";
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string Dir => _directory.Path;

    [Fact]
    public async Task Cat_reads_its_file_and_the_kernel_maps_it_with_its_loader()
    {
        await File.WriteAllTextAsync(_directory.File("in.txt"), "x", TestContext.Current.CancellationToken);
        var run = await TracedRun.StartAsync(["cat", "in.txt"], Dir);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("process-exec /usr/bin/cat by  (): ok", run.Single("process-exec", "/usr/bin/cat"));
        Assert.Equal("file-map-executable /usr/bin/cat by cat (/usr/bin/cat): ok", run.Single("file-map-executable", "/usr/bin/cat"));
        Assert.Equal($"file-map-executable {Loader} <- /lib64/ld-linux-x86-64.so.2 by cat (/usr/bin/cat): ok", run.Single("file-map-executable", Loader));
        Assert.Equal($"file-read-data {Dir}/in.txt by cat (/usr/bin/cat): ok", run.Single("file-read-data", $"{Dir}/in.txt"));
        Assert.Equal("file-map-executable /usr/lib/x86_64-linux-gnu/libc.so.6 by cat (/usr/bin/cat): ok", run.Single("file-map-executable", "/usr/lib/x86_64-linux-gnu/libc.so.6"));
        Assert.Equal("file-read-data /usr/lib/x86_64-linux-gnu/libc.so.6 <- /lib/x86_64-linux-gnu/libc.so.6 by cat (/usr/bin/cat): ok", run.Single("file-read-data", "/usr/lib/x86_64-linux-gnu/libc.so.6"));
        Assert.Equal(1, run.Run.Processes);
    }

    [Fact]
    public async Task Sh_runs_a_child_with_relative_paths_after_cd_and_propagates_its_exit_code()
    {
        Directory.CreateDirectory(_directory.File("sub"));
        await File.WriteAllTextAsync(_directory.File("sub/data.txt"), "x", TestContext.Current.CancellationToken);
        var run = await TracedRun.StartAsync(["sh", "-c", "cd sub && cat ../sub/./data.txt > out.txt; exit 4"], Dir);
        Assert.Equal(4, run.ExitCode);
        Assert.Equal("process-exec /usr/bin/dash <- /usr/bin/sh by  (): ok", run.Single("process-exec", "/usr/bin/dash"));
        Assert.Equal($"file-read-metadata {Dir}/sub [directory] by sh (/usr/bin/dash): ok", run.Describe("file-read-metadata", $"{Dir}/sub").Single(d => d.Contains("[directory] by sh", StringComparison.Ordinal)));
        Assert.Equal(
            [$"file-write-data {Dir}/sub/out.txt by sh (/usr/bin/dash): ok", $"file-write-create {Dir}/sub/out.txt by sh (/usr/bin/dash): ok"],
            [.. run.Describe("file-write-data", $"{Dir}/sub/out.txt"), .. run.Describe("file-write-create", $"{Dir}/sub/out.txt")]);
        Assert.Equal($"file-read-data {Dir}/sub/data.txt by cat (/usr/bin/cat): ok", run.Single("file-read-data", $"{Dir}/sub/data.txt"));
        var cat = run.SingleEvent("process-exec", "/usr/bin/cat");
        Assert.Equal(run.RootPid, cat.Ppid);
        Assert.Equal("process-fork by sh (/usr/bin/dash): ok", run.Single("process-fork"));
        Assert.Equal(2, run.Run.Processes);
    }

    [Fact]
    public async Task Python_opens_a_file_from_a_thread_under_the_process_pid()
    {
        var script = _directory.File("thread.py");
        await File.WriteAllTextAsync(script, "import threading\nt = threading.Thread(target=lambda: open('/etc/hostname').read())\nt.start(); t.join()\n", TestContext.Current.CancellationToken);
        var run = await TracedRun.StartAsync(["/usr/bin/python3", "thread.py"], Dir);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("process-exec /usr/bin/python3.11 <- /usr/bin/python3 by  (): ok", run.Single("process-exec", "/usr/bin/python3.11"));
        Assert.Equal("file-read-data /etc/hostname by python3 (/usr/bin/python3.11): ok", run.Single("file-read-data", "/etc/hostname"));
        Assert.Equal(run.RootPid, run.SingleEvent("file-read-data", "/etc/hostname").Pid);
        Assert.Equal($"file-read-data {Dir}/thread.py by python3 (/usr/bin/python3.11): ok", run.Describe("file-read-data", $"{Dir}/thread.py").Distinct().Single());
        Assert.Empty(run.Describe("process-fork"));
    }

    [Fact]
    public async Task Node_reads_a_file_and_connects_to_a_loopback_server()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var port = ((IPEndPoint)server.LocalEndpoint).Port;
        await File.WriteAllTextAsync(_directory.File("input.txt"), "x", TestContext.Current.CancellationToken);
        var code = $"require('fs').readFileSync('input.txt'); require('net').connect({port}, '127.0.0.1').on('connect', () => process.exit(0));";
        var run = await TracedRun.StartAsync(["node", "-e", code], Dir);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("process-exec /usr/bin/node by  (): ok", run.Single("process-exec", "/usr/bin/node"));
        Assert.Equal($"file-read-data {Dir}/input.txt by node (/usr/bin/node): ok", run.Single("file-read-data", $"{Dir}/input.txt"));
        Assert.Equal($"network-outbound remote tcp:127.0.0.1:{port} by node (/usr/bin/node): ok", run.Single("network-outbound"));
    }

    [Fact]
    public async Task Git_status_reads_the_repository()
    {
        var repository = Directory.CreateDirectory(_directory.File("repo")).FullName;
        await Git(repository, "init", "-q");
        await File.WriteAllTextAsync(Path.Combine(repository, "tracked.txt"), "x", TestContext.Current.CancellationToken);
        await Git(repository, "add", "tracked.txt");
        var run = await TracedRun.StartAsync(["git", "status", "--porcelain"], repository);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("process-exec /usr/bin/git by  (): ok", run.Single("process-exec", "/usr/bin/git"));
        Assert.Equal($"file-read-data {repository}/.git/HEAD by git (/usr/bin/git): ok", run.Describe("file-read-data", $"{repository}/.git/HEAD").Distinct().Single());
        Assert.Equal($"file-read-data {repository}/.git/index by git (/usr/bin/git): ok", run.Single("file-read-data", $"{repository}/.git/index"));
        Assert.Equal($"file-read-metadata {repository}/tracked.txt [file] by git (/usr/bin/git): ok", run.Single("file-read-metadata", $"{repository}/tracked.txt"));
    }

    [Fact]
    public async Task Dotnet_maps_its_host_resolver_and_probes_for_global_json()
    {
        var fxr = Directory.GetFiles("/usr/share/dotnet/host/fxr", "libhostfxr.so", SearchOption.AllDirectories).Single();
        var run = await TracedRun.StartAsync(["dotnet", "--version"], Dir);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("process-exec /usr/share/dotnet/dotnet <- /usr/bin/dotnet by  (): ok", run.Single("process-exec", "/usr/share/dotnet/dotnet"));
        Assert.Equal($"file-map-executable {fxr} by dotnet (/usr/share/dotnet/dotnet): ok", run.Single("file-map-executable", fxr));
        Assert.Contains($"file-read-metadata {Dir}/global.json by dotnet (/usr/share/dotnet/dotnet): error:ENOENT", run.Describe("file-read-metadata", $"{Dir}/global.json"));
    }

    [Fact]
    public async Task A_daemon_left_behind_is_terminated_when_the_target_exits()
    {
        var pidFile = _directory.File("daemon.pid");
        var clock = Stopwatch.StartNew();
        var run = await TracedRun.StartAsync(
            ["sh", "-c", $"( sleep 300 & echo $! > '{pidFile}' ); until grep -qx sleep /proc/$(cat '{pidFile}')/comm; do :; done; exit 6"],
            Dir);
        Assert.Equal(6, run.ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60));
        Assert.Equal(1, run.Run.Outcome.TerminatedStragglers);
        var daemon = int.Parse(await File.ReadAllTextAsync(pidFile, TestContext.Current.CancellationToken), NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture);
        Assert.False(ProcFs.IsRunning(daemon));
        Assert.Equal("process-exec /usr/bin/sleep by sh (/usr/bin/dash): ok", run.Single("process-exec", "/usr/bin/sleep"));
    }

    [Fact]
    public async Task Cancelling_interrupts_the_traced_tree_and_keeps_what_was_seen()
    {
        var pidFile = _directory.File("daemon.pid");
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var aggregator = new Events.EventAggregator();
        var launch = new TargetLaunch
        {
            Arguments = ["sh", "-c", $"( sleep 300 & echo $! > '{pidFile}' ); cat /etc/hostname > /dev/null; touch ready; exec sleep 300"],
            WorkingDirectory = Dir,
            HandleTerminationSignals = false,
        };
        var tracing = StraceTracer.TraceAsync(launch, aggregator.Add, cancellation.Token);
        while (!File.Exists(_directory.File("ready")))
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        await cancellation.CancelAsync();
        var run = await tracing;
        Assert.True(run.Outcome.Interrupted);
        var daemon = int.Parse(await File.ReadAllTextAsync(pidFile, TestContext.Current.CancellationToken), NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture);
        Assert.False(ProcFs.IsRunning(daemon));
        Assert.Contains(aggregator.Events, e => e is { Operation: "file-read-data", Path: "/etc/hostname", Process: "cat" });
    }

    [Fact]
    public async Task A_program_that_does_not_exist_is_a_start_error_not_a_trace()
    {
        var error = await Assert.ThrowsAsync<TargetStartException>(() => TracedRun.StartAsync(["sandboxer-no-such-program"], Dir));
        Assert.Equal("sandboxer-no-such-program: command not found", error.Message);
    }

    private static async Task Git(string repository, params string[] arguments)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = repository, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, process.ExitCode);
    }
}
