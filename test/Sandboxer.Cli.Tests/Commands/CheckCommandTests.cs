using System.Text.Json;

namespace Sandboxer.Cli.Tests.Commands;

public sealed class CheckCommandTests : ProfileFiles
{
    private const string Clean = """
        (version 1)
        (deny default)
        (allow file-read* (subpath "/usr/lib"))
        """;

    private const string Weak = """
        (version 1)
        (deny default)
        (allow file-read* (subpath (param "HOME")))
        """;

    [Fact]
    public async Task Clean_profile_exits_0_with_a_summary()
    {
        var (code, output, _) = await CliRunner.RunAsync("check", Write("clean.sb", Clean));
        Assert.Equal(0, code);
        Assert.Contains("0 errors, 0 warnings", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Warnings_exit_0_and_1_with_strict()
    {
        var file = Write("weak.sb", Weak);
        var (code, output, _) = await CliRunner.RunAsync("check", file, "-D", "HOME=/Users/alice");
        Assert.Equal(0, code);
        Assert.Contains(file + ":3:1: warning SBPL4006: allows reading ~/.ssh", output, StringComparison.Ordinal);
        Assert.Contains(file + ":3:1: warning SBPL4003:", output, StringComparison.Ordinal);
        var (strict, _, _) = await CliRunner.RunAsync("check", file, "-D", "HOME=/Users/alice", "--strict");
        Assert.Equal(1, strict);
    }

    [Fact]
    public async Task Evaluation_error_exits_2_with_its_location()
    {
        var file = Write("weak.sb", Weak);
        var (code, output, _) = await CliRunner.RunAsync("check", file);
        Assert.Equal(2, code);
        Assert.Contains(file + ":3:", output, StringComparison.Ordinal);
        Assert.Contains(": error ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Syntax_error_exits_2()
    {
        var (code, output, _) = await CliRunner.RunAsync("check", Write("broken.sb", "(version 1)\n(allow file-read*"));
        Assert.Equal(2, code);
        Assert.Contains("error SBPL1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_file_exits_2_without_a_stack_trace()
    {
        var missing = Missing("nope.sb");
        var (code, _, error) = await CliRunner.RunAsync("check", missing);
        Assert.Equal(2, code);
        Assert.Equal($"sandboxer: {missing}: no such file", error.Trim());
    }

    [Fact]
    public async Task Json_format_lists_diagnostics_with_positions()
    {
        var file = Write("weak.sb", Weak);
        var (code, output, _) = await CliRunner.RunAsync("check", file, "-D", "HOME=/Users/alice", "--format", "json");
        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(file, root.GetProperty("files")[0].GetString());
        var finding = root.GetProperty("diagnostics").EnumerateArray().First(d => d.GetProperty("code").GetString() == "SBPL4006");
        Assert.Equal(file, finding.GetProperty("file").GetString());
        Assert.Equal(3, finding.GetProperty("line").GetInt32());
        Assert.Equal(1, finding.GetProperty("column").GetInt32());
        Assert.Equal(3, finding.GetProperty("endLine").GetInt32());
        Assert.True(finding.GetProperty("endColumn").GetInt32() > 1);
        Assert.Equal("warning", finding.GetProperty("severity").GetString());
        Assert.StartsWith("allows reading", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sarif_format_is_valid_sarif_2_1_0()
    {
        var file = Write("weak.sb", Weak);
        var (code, output, _) = await CliRunner.RunAsync("check", file, "-D", "HOME=/Users/alice", "--format", "sarif");
        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        Assert.Contains("sarif-2.1.0", root.GetProperty("$schema").GetString(), StringComparison.Ordinal);
        var run = Assert.Single(root.GetProperty("runs").EnumerateArray());
        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.Equal("sandboxer", driver.GetProperty("name").GetString());
        var ruleIds = driver.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToHashSet();
        foreach (var rule in driver.GetProperty("rules").EnumerateArray())
        {
            Assert.False(string.IsNullOrEmpty(rule.GetProperty("shortDescription").GetProperty("text").GetString()));
        }

        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.NotEmpty(results);
        foreach (var result in results)
        {
            Assert.Contains(result.GetProperty("ruleId").GetString(), ruleIds);
            Assert.Contains(result.GetProperty("level").GetString(), new[] { "error", "warning", "note" });
            Assert.False(string.IsNullOrEmpty(result.GetProperty("message").GetProperty("text").GetString()));
            var physical = Assert.Single(result.GetProperty("locations").EnumerateArray()).GetProperty("physicalLocation");
            Assert.Equal(new Uri(file).AbsoluteUri, physical.GetProperty("artifactLocation").GetProperty("uri").GetString());
            Assert.Equal(3, physical.GetProperty("region").GetProperty("startLine").GetInt32());
            Assert.Equal(1, physical.GetProperty("region").GetProperty("startColumn").GetInt32());
        }
    }

    [Fact]
    public async Task Several_files_are_one_profile()
    {
        var first = Write("a.sb", "(version 1)\n(deny default)\n(define dir \"/usr/lib\")\n");
        var second = Write("b.sb", "(allow file-read* (subpath dir))\n");
        var (code, output, _) = await CliRunner.RunAsync("check", first, second);
        Assert.Equal(0, code);
        Assert.Contains("0 errors", output, StringComparison.Ordinal);
    }
}
