using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text.Json;
using Sandboxer.Events;

namespace Sandboxer.Cli.Tests.Commands;

/// <summary>
/// <c>--ready-port</c>, <c>--exercise</c> and <c>--stop-after</c> through <c>profile</c>, <c>run</c> and <c>trace</c>, with a
/// real Python HTTP server, a real Python client, the real tracer and real Landlock.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class LongRunningCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sandboxer-cli-long-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_server_is_profiled_verified_and_then_run_under_its_profile_with_an_exercise()
    {
        var site = Site();
        var port = FreePort();
        var profile = Path.Combine(_directory, "server.sb");

        var (code, output, error) = await CliRunner.RunAsync(
            ["profile", "-w", site, "-o", profile, "--json", "--ready-port", Port(port), "--exercise", Fetch(port), "--", .. Server(port, site)]);

        Assert.True(code == 0, error + output);
        using var report = JsonDocument.Parse(output);
        Assert.True(report.RootElement.GetProperty("verified").GetBoolean());
        var runs = report.RootElement.GetProperty("runLog").EnumerateArray().ToList();
        Assert.Contains(runs, r => r.GetProperty("kind").GetString() == "verify");
        Assert.All(runs, run =>
        {
            var longRunning = run.GetProperty("longRunning");
            Assert.True(longRunning.GetProperty("succeeded").GetBoolean());
            Assert.True(longRunning.GetProperty("stoppedByTool").GetBoolean());
            Assert.Equal(JsonValueKind.Null, longRunning.GetProperty("failure").ValueKind);
            Assert.Equal(port, longRunning.GetProperty("readyPort").GetInt32());
            Assert.True(longRunning.GetProperty("readySeconds").GetDouble() > 0);
            var exercise = longRunning.GetProperty("exercise");
            Assert.Equal(Fetch(port), exercise.GetProperty("command").GetString());
            Assert.True(exercise.GetProperty("succeeded").GetBoolean());
            Assert.Equal(0, exercise.GetProperty("exitCode").GetInt32());
            Assert.Equal(JsonValueKind.Null, exercise.GetProperty("output").ValueKind);
            Assert.True(run.GetProperty("normal").GetBoolean());
        });

        var (runCode, _, runError) = await CliRunner.RunAsync(["run", "-f", profile, "-D", "WORKING_DIR=" + site, "--ready-port", Port(port), "--exercise", Fetch(port), "--", .. Server(port, site)]);
        Assert.True(runCode == 0, runError);
        Assert.Contains($"sandboxer: the program listened on port {port} after ", runError, StringComparison.Ordinal);
        Assert.Contains("the exercise succeeded, stopped after", runError, StringComparison.Ordinal);

        var (failedCode, _, failedError) = await CliRunner.RunAsync(["run", "-f", profile, "-D", "WORKING_DIR=" + site, "--ready-port", Port(port), "--exercise", "echo 'no such page' >&2; exit 22", "--", .. Server(port, site)]);
        Assert.True(failedCode == 1, failedError);
        Assert.Contains("the exercise failed (exited with 22)", failedError, StringComparison.Ordinal);
        Assert.Contains("  | no such page", failedError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_whose_server_exits_before_it_is_ready_exits_with_the_servers_code()
    {
        var profile = Path.Combine(_directory, "sh.sb");
        await File.WriteAllTextAsync(profile, "(version 1)\n(deny default)\n(allow file-read* process-exec (subpath \"/usr\"))\n(allow file-read* (literal \"/etc/ld.so.cache\"))\n", TestContext.Current.CancellationToken);

        var (code, _, error) = await CliRunner.RunAsync("run", "-f", profile, "--ready-port", Port(FreePort()), "--", "/usr/bin/sh", "-c", "exit 9");

        Assert.True(code == 9, error);
        Assert.Contains("sandboxer: the program exited with 9 before it listened on port", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_exercise_that_fails_without_a_sandbox_stops_the_loop_with_its_output_in_the_report()
    {
        var site = Site();
        var port = FreePort();

        var (code, output, error) = await CliRunner.RunAsync(
            ["profile", "-w", site, "-o", Path.Combine(_directory, "bad.sb"), "--json", "--ready-port", Port(port), "--exercise", "echo 'connection refused' >&2; exit 7", "--", .. Server(port, site)]);

        Assert.True(code == 1, error + output);
        using var report = JsonDocument.Parse(output);
        Assert.False(report.RootElement.GetProperty("verified").GetBoolean());
        Assert.StartsWith("not verified: observed without a sandbox, the program listened on port", report.RootElement.GetProperty("status").GetString(), StringComparison.Ordinal);
        var run = Assert.Single(report.RootElement.GetProperty("runLog").EnumerateArray());
        var longRunning = run.GetProperty("longRunning");
        Assert.Equal("exercise-failed", longRunning.GetProperty("failure").GetString());
        Assert.Equal("connection refused\n", longRunning.GetProperty("exercise").GetProperty("output").GetString());
        Assert.Equal(7, longRunning.GetProperty("exercise").GetProperty("exitCode").GetInt32());
        Assert.Contains(report.RootElement.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("exited with 7): connection refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_watcher_is_profiled_with_stop_after_and_verified()
    {
        var work = Path.Combine(_directory, "work");
        Directory.CreateDirectory(work);

        var (code, output, error) = await CliRunner.RunAsync(
            "profile", "-w", work, "-o", Path.Combine(_directory, "watcher.sb"), "--json", "--stop-after", "400ms",
            "--", "/usr/bin/sh", "-c", "while :; do date > stamp.txt; sleep 0.1; done");

        Assert.True(code == 0, error + output);
        using var report = JsonDocument.Parse(output);
        Assert.True(report.RootElement.GetProperty("verified").GetBoolean());
        Assert.All(report.RootElement.GetProperty("runLog").EnumerateArray(), run =>
        {
            var longRunning = run.GetProperty("longRunning");
            Assert.True(longRunning.GetProperty("succeeded").GetBoolean());
            Assert.Equal(JsonValueKind.Null, longRunning.GetProperty("readyPort").ValueKind);
            Assert.Equal(JsonValueKind.Null, longRunning.GetProperty("exercise").ValueKind);
        });
    }

    [Fact]
    public async Task Trace_stops_a_watcher_after_stop_after_and_writes_its_events()
    {
        var events = Path.Combine(_directory, "events.jsonl");

        var (code, _, error) = await CliRunner.RunAsync("trace", "-w", _directory, "-o", events, "--stop-after", "300ms", "--", "sh", "-c", "while :; do : > tick; sleep 0.05; done");

        Assert.True(code == 0, error);
        Assert.Contains("sandboxer: the program stopped after ", error, StringComparison.Ordinal);
        var written = EventJson.ReadAll(new StringReader(await File.ReadAllTextAsync(events, TestContext.Current.CancellationToken)), events).ToList();
        Assert.Contains(written, e => e.Operation == "file-write-create" && e.Path == Path.Combine(_directory, "tick"));
    }

    [Theory]
    [InlineData("run", "--ready-port", "0", "--ready-port must be 1–65535")]
    [InlineData("trace", "--stop-after", "soon", "--stop-after expects a duration such as 500ms, 30s or 2m, got 'soon'")]
    [InlineData("profile", "--exercise-timeout", "x", "--exercise-timeout expects a duration")]
    public async Task Bad_long_running_options_are_usage_errors(string command, string option, string value, string message)
    {
        string[] arguments = command == "run" ? [command, "-f", "/dev/null", option, value, "--", "true"] : [command, option, value, "--", "true"];

        var (code, _, error) = await CliRunner.RunAsync(arguments);

        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    private string Site()
    {
        var site = Path.Combine(_directory, "site");
        Directory.CreateDirectory(site);
        File.WriteAllText(Path.Combine(site, "index.html"), "hello\n");
        return site;
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Python's HTTP server serving <paramref name="site"/> (named, since <c>run</c> runs in the tool's own directory).</summary>
    private static string[] Server(int port, string site) => ["/usr/bin/python3", "-m", "http.server", Port(port), "--bind", "127.0.0.1", "--directory", site];

    private static string Fetch(int port) =>
        $"/usr/bin/python3 -c \"import urllib.request; assert urllib.request.urlopen('http://127.0.0.1:{port}/index.html').read() == b'hello\\n'\"";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
