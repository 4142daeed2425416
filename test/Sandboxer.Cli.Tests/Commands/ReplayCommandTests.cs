using System.Text.Json;

namespace Sandboxer.Cli.Tests.Commands;

public sealed class ReplayCommandTests : ProfileFiles
{
    private const string Profile = """
        (version 1)
        (deny default)
        (allow file-read* (subpath "/usr"))
        (allow process-exec (literal "/bin/sh"))
        """;

    [Fact]
    public async Task Exits_0_when_nothing_would_be_denied()
    {
        var events = Write("ok.jsonl", """
            {"op":"file-read-data","path":"/usr/lib/libc.so","pid":1,"process":"sh","result":"ok"}
            {"op":"process-exec","path":"/bin/sh","pid":1,"process":"sh","result":"ok"}
            """);
        var (code, output, _) = await CliRunner.RunAsync("replay", Write("p.sb", Profile), events);
        Assert.Equal(0, code);
        Assert.Contains("replay: 2 events, 2 allowed, 0 denied, 0 undecidable", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lists_denials_and_exits_1()
    {
        var profile = Write("p.sb", Profile);
        var events = Write("bad.jsonl", """
            {"op":"file-read-data","path":"/usr/lib/libc.so","pid":1,"process":"sh","result":"ok"}
            {"op":"file-read-data","path":"/etc/passwd","pid":1,"process":"cat","result":"ok"}
            {"op":"file-read-data","path":"/etc/passwd","pid":2,"process":"cat","result":"ok"}
            """);
        var (code, output, _) = await CliRunner.RunAsync("replay", profile, events);
        Assert.Equal(1, code);
        Assert.Contains("denied (1):", output, StringComparison.Ordinal);
        Assert.Contains("file-read-data /etc/passwd [cat] ×2", output, StringComparison.Ordinal);
        Assert.Contains(profile + ":2:1: (deny default)", output, StringComparison.Ordinal);

        var (jsonCode, json, _) = await CliRunner.RunAsync("replay", profile, events, "--json");
        Assert.Equal(1, jsonCode);
        using var document = JsonDocument.Parse(json);
        Assert.Equal(3, document.RootElement.GetProperty("events").GetInt32());
        var denied = Assert.Single(document.RootElement.GetProperty("denied").EnumerateArray());
        Assert.Equal("/etc/passwd", denied.GetProperty("event").GetProperty("path").GetString());
        Assert.Equal("deny", denied.GetProperty("decision").GetProperty("decision").GetString());
        Assert.Equal("profile-default", denied.GetProperty("decision").GetProperty("reason").GetString());
        Assert.Empty(document.RootElement.GetProperty("undecidable").EnumerateArray());
    }

    [Fact]
    public async Task Undecidable_accesses_are_listed_separately_and_count_as_possible_denials()
    {
        var profile = Write("p.sb", "(version 1)\n(allow default)\n(deny file-read* (require-all (subpath \"/dev\") (vnode-type TTY)))\n");
        var events = Write("e.jsonl", "{\"op\":\"file-read-data\",\"path\":\"/dev/ttys001\",\"pid\":1,\"result\":\"ok\"}\n");
        var (code, output, _) = await CliRunner.RunAsync("replay", profile, events);
        Assert.Equal(1, code);
        Assert.Contains("undecidable (could be denied) (1):", output, StringComparison.Ordinal);
        Assert.Contains("could be deny", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_profile_files_before_the_events_are_one_profile()
    {
        var first = Write("a.sb", "(version 1)\n(deny default)\n(define dir \"/usr\")\n");
        var second = Write("b.sb", "(allow file-read* (subpath dir))\n");
        var events = Write("ok.jsonl", "{\"op\":\"file-read-data\",\"path\":\"/usr/lib/x\",\"pid\":1,\"result\":\"ok\"}\n");
        var (code, output, _) = await CliRunner.RunAsync("replay", first, second, events);
        Assert.Equal(0, code);
        Assert.Contains("1 allowed, 0 denied", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_events_file_exits_2_with_its_location()
    {
        var events = Write("bad.jsonl", "{\"op\":\"file-read-data\",\"path\":\"/x\",\"pid\":1,\"result\":\"ok\"}\nnot json\n");
        var (code, _, error) = await CliRunner.RunAsync("replay", Write("p.sb", Profile), events);
        Assert.Equal(2, code);
        Assert.Contains(events + ":2:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_events_file_exits_2()
    {
        var (code, _, error) = await CliRunner.RunAsync("replay", Write("p.sb", Profile), Missing("none.jsonl"));
        Assert.Equal(2, code);
        Assert.Contains("no such file", error, StringComparison.Ordinal);
    }
}
