using System.Text.Json;

namespace Sandboxer.Cli.Tests.Commands;

public sealed class DiffCommandTests : ProfileFiles
{
    private const string Base = """
        (version 1)
        (deny default)
        (allow file-read* (subpath "/usr"))
        (allow mach-lookup (global-name "com.apple.fonts"))
        """;

    [Fact]
    public async Task Reordered_profile_is_identical_and_exits_0()
    {
        var reordered = "(version 1)\n(deny default)\n(allow mach-lookup (global-name \"com.apple.fonts\"))\n(allow file-read* (subpath \"/usr\"))\n";
        var (code, output, _) = await CliRunner.RunAsync("diff", Write("a.sb", Base), Write("b.sb", reordered));
        Assert.Equal(0, code);
        Assert.Contains("no semantic difference", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Carve_out_is_reported_and_exits_1()
    {
        var a = Write("a.sb", Base);
        var b = Write("b.sb", Base + "\n(deny file-read* (subpath \"/usr/secret\"))\n");
        var (code, output, _) = await CliRunner.RunAsync("diff", a, b);
        Assert.Equal(1, code);
        Assert.Contains("file-read* subpath /usr/secret: allowed by A, denied by B", output, StringComparison.Ordinal);
        Assert.Contains("1 difference", output, StringComparison.Ordinal);

        var (jsonCode, json, _) = await CliRunner.RunAsync("diff", a, b, "--json");
        Assert.Equal(1, jsonCode);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.False(root.GetProperty("identical").GetBoolean());
        Assert.Equal(a, root.GetProperty("a").GetString());
        var difference = Assert.Single(root.GetProperty("differences").EnumerateArray());
        Assert.Equal("file-read*", difference.GetProperty("operation").GetString());
        Assert.Equal("a", difference.GetProperty("allowedBy").GetString());
        Assert.Equal("/usr/secret", difference.GetProperty("target").GetProperty("value").GetString());
        Assert.Equal("subpath", difference.GetProperty("target").GetProperty("scope").GetString());
        Assert.Equal(5, difference.GetProperty("inB").GetProperty("rule").GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task Invalid_profile_exits_2()
    {
        var (code, _, error) = await CliRunner.RunAsync("diff", Write("a.sb", Base), Write("b.sb", "(version 1)\n(allow"));
        Assert.Equal(2, code);
        Assert.Contains("error SBPL1", error, StringComparison.Ordinal);
    }
}
