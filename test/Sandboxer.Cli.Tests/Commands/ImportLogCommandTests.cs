using Sandboxer.Cli.Commands;
using Sandboxer.Events;

namespace Sandboxer.Cli.Tests.Commands;

public sealed class ImportLogCommandTests : IDisposable
{
    private const string Banner = "Filtering the log data using \"sender == \"Sandbox\"\"";
    private const string Trailer = """{"count":5,"finished":1}""";
    private readonly string _directory = Directory.CreateTempSubdirectory("sandboxer-import-log-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Record(string escapedMessage, int processId = 0) =>
        "{\"eventType\":\"logEvent\",\"messageType\":\"Error\",\"processID\":" + processId + ",\"processImagePath\":\"\\/kernel\","
        + "\"senderImagePath\":\"\\/System\\/Library\\/Extensions\\/Sandbox.kext\\/Contents\\/MacOS\\/Sandbox\","
        + "\"eventMessage\":\"" + escapedMessage + "\"}";

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }

    [Fact]
    public async Task Writes_events_as_json_lines_to_stdout()
    {
        var file = Write("capture.ndjson",
            Banner,
            Record("Sandbox: cat(15505) deny(1) file-read-data \\/private\\/etc\\/hosts"),
            Record("Sandbox: curl(15522) deny(1) network-outbound remote:*:80"),
            Record("System Policy: eslogger(14156) deny(1) system-privilege 1016"),
            Record("Sandbox: cat(666) deny(1) file-read-data \\/etc\\/shadow", processId: 4242),
            "",
            Trailer);
        var (code, output, error) = await CliRunner.RunAsync("import-log", file);
        Assert.Equal(0, code);
        Assert.Equal(
            """
            {"op":"file-read-data","path":"/private/etc/hosts","pid":15505,"process":"cat","result":"denied"}
            {"op":"network-outbound","remote":{"proto":"ip","host":"*","port":80},"pid":15522,"process":"curl","result":"denied"}

            """.ReplaceLineEndings("\n"),
            output);
        Assert.Contains("2 events from 2 reports", error, StringComparison.Ordinal);
        Assert.Contains("1 System Policy (TCC/platform) report excluded", error, StringComparison.Ordinal);
        Assert.Contains("1 report-like record not written by the kernel's Sandbox extension rejected", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keeps_only_the_tagged_run_with_tag()
    {
        var file = Write("tagged.ndjson",
            Record("Sandbox: node(100) deny(1) file-read-data \\/a\\nsbx_1"),
            Record("2 duplicate reports for Sandbox: node(100) deny(1) file-read-data \\/a"),
            Record("Sandbox: imagent(544) deny(1) mach-lookup com.apple.contactsd.persistence"));
        var (code, output, _) = await CliRunner.RunAsync("import-log", file, "--tag", "sbx_1", "--format", "macos-ndjson");
        Assert.Equal(0, code);
        var e = EventJson.Parse(output.TrimEnd('\n'), "stdout", 1);
        Assert.Equal(("/a", 3L, "sbx_1"), (e.Path, e.Count, e.Tag));
    }

    [Fact]
    public async Task Reads_text_styles_and_writes_atomically_to_a_file()
    {
        var file = Write("capture.log",
            "2026-08-19 16:07:01.452 E  kernel[0:2232b] (Sandbox) Sandbox: nc(7936) deny(1) network-outbound remote:*:443",
            "sbx_2");
        var target = Path.Combine(_directory, "events.jsonl");
        var (code, output, _) = await CliRunner.RunAsync("import-log", file, "-o", target);
        Assert.Equal(0, code);
        Assert.Empty(output);
        Assert.Equal(
            """{"op":"network-outbound","remote":{"proto":"ip","host":"*","port":443},"pid":7936,"process":"nc","result":"denied","tag":"sbx_2"}""" + "\n",
            File.ReadAllText(target));

        var (again, _, error) = await CliRunner.RunAsync("import-log", file, "-o", target);
        Assert.Equal(2, again);
        Assert.Contains("--force", error, StringComparison.Ordinal);
        Assert.Equal(0, (await CliRunner.RunAsync("import-log", file, "-o", target, "--force")).ExitCode);
    }

    [Fact]
    public async Task Malformed_lines_are_reported_with_file_line_and_column_and_exit_2()
    {
        var file = Write("broken.ndjson", Banner, Record("Sandbox: cat(1) deny(1) file-read-data \\/x"), """{"eventMessage": oops}""");
        var (code, output, error) = await CliRunner.RunAsync("import-log", file, "--format", "macos-ndjson");
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.StartsWith($"{file}:3:18: error EVT0001: malformed JSON log record", error, StringComparison.Ordinal);
        Assert.Contains("^", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_that_is_no_log_is_an_error()
    {
        var file = Write("notes.txt", "these are my notes", "Sandbox: cat(1) deny(1) file-read-data /x");
        var (code, _, error) = await CliRunner.RunAsync("import-log", file, "--format", "macos-syslog");
        Assert.Equal(2, code);
        Assert.StartsWith($"{file}:1:1: error EVT0001: not a sandbox report", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_or_an_unknown_format_is_a_usage_error()
    {
        var (missing, _, error) = await CliRunner.RunAsync("import-log", Path.Combine(_directory, "nope.ndjson"));
        Assert.Equal(2, missing);
        Assert.Contains("no such file", error, StringComparison.Ordinal);
        var file = Write("x.ndjson", Trailer);
        Assert.Equal(2, (await CliRunner.RunAsync("import-log", file, "--format", "json")).ExitCode);
    }

    [Fact]
    public async Task Lists_sandbox_messages_it_does_not_understand()
    {
        var file = Write("odd.ndjson", Record("Sandbox: something new happened"));
        var (code, output, error) = await CliRunner.RunAsync("import-log", file);
        Assert.Equal(0, code);
        Assert.Empty(output);
        Assert.Contains($"{file}:1:1: warning: sandbox message not understood: Sandbox: something new happened", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Imports_strace_logs_with_the_linux_backends_importer()
    {
        var file = Write("trace.log",
            "4242  openat(AT_FDCWD</home/u>, \"/etc/hostname\", O_RDONLY|O_CLOEXEC) = 3</etc/hostname>",
            "4242  openat(AT_FDCWD</home/u>, \"/etc/hostname\", O_RDONLY|O_CLOEXEC) = 3</etc/hostname>",
            "4242  +++ exited with 0 +++");
        var (code, output, error) = await CliRunner.RunAsync("import-log", file, "--format", "strace");
        Assert.Equal(0, code);
        var e = EventJson.Parse(output.Split('\n')[0], "stdout", 1);
        Assert.Equal(("/etc/hostname", 4242, AccessResult.Ok), (e.Path, e.Pid, e.Result));
        Assert.Equal(2, e.Count);
        Assert.Contains("import-log: 1 event from 2 system calls of 1 process", error, StringComparison.Ordinal);

        var (detected, sameOutput, _) = await CliRunner.RunAsync("import-log", file);
        Assert.Equal((0, output), (detected, sameOutput));
        Assert.Equal(2, (await CliRunner.RunAsync("import-log", file, "--tag", "sbx_1")).ExitCode);
    }

    [Theory]
    [InlineData("macos-ndjson", "Filtering the log data using \"sender == \"Sandbox\"\"", "{\"count\":1,\"finished\":1}")]
    [InlineData("strace", "4242  openat(AT_FDCWD, \"/etc/hostname\", O_RDONLY) = 3", "")]
    [InlineData("strace", "[pid  4243] execve(\"/bin/ls\", [\"ls\"], 0x7ffc /* 20 vars */) = 0", "")]
    [InlineData("macos-syslog", "2023-05-26 13:42:44.136082+0200  localhost kernel[0]: (Sandbox) Sandbox: sandbox-exec(41398) deny(1) process-exec* /usr/bin/touch", "")]
    [InlineData("macos-syslog", "2026-08-19 16:07:01.452 E  kernel[0:2232b] (Sandbox) Sandbox: nc(7936) deny(1) network-outbound remote:*:443", "")]
    [InlineData("macos-syslog", "Error 0x0 0 0 kernel: (Sandbox) Sandbox: ollama-sandbox(4615) deny(1) file-read-data /dev/autofs_nowait", "")]
    [InlineData("macos-syslog", "Sandbox: cat(15505) deny(1) file-read-data /private/etc/hosts", "")]
    [InlineData("macos-syslog", "sandboxd[127]([6424]): CWSandbox(6424) deny mach-lookup com.apple.airportd", "")]
    [InlineData("macos-syslog", "error\t10:37:14.650327-0500\tkernel\tSandbox: hello(2520) deny(1) file-map-executable /x", "")]
    public void Detects_the_format_from_the_first_lines(string expected, string first, string second)
    {
        Assert.Equal(expected, LogFormatDetector.Detect([first, second]));
    }
}
