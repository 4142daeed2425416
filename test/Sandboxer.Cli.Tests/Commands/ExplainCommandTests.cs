using System.Text.Json;

namespace Sandboxer.Cli.Tests.Commands;

public sealed class ExplainCommandTests : ProfileFiles
{
    private const string Profile = """
        (version 1)
        (deny default)
        (allow file-read* (subpath "/usr"))
        (allow network-outbound (remote tcp "localhost:8080"))
        (allow mach-lookup (global-name "com.apple.fonts"))
        """;

    [Fact]
    public async Task Json_has_the_exact_fields_of_the_contract()
    {
        var file = Write("p.sb", Profile);
        var (code, output, _) = await CliRunner.RunAsync("explain", file, "--op", "file-read-data", "--path", "/usr/lib/x", "--json");
        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        Assert.Equal(["decision", "operation", "target", "reason", "decidedBy", "rule"], root.EnumerateObject().Select(p => p.Name).Take(6));
        Assert.Equal("allow", root.GetProperty("decision").GetString());
        Assert.Equal("file-read-data", root.GetProperty("operation").GetString());
        Assert.Equal("/usr/lib/x", root.GetProperty("target").GetString());
        Assert.Equal("rule", root.GetProperty("reason").GetString());
        Assert.Equal("file-read*", root.GetProperty("decidedBy").GetString());
        var rule = root.GetProperty("rule");
        Assert.Equal("(allow file-read* (subpath \"/usr\"))", rule.GetProperty("text").GetString());
        Assert.Equal(file, rule.GetProperty("file").GetString());
        Assert.Equal(3, rule.GetProperty("line").GetInt32());
        Assert.Equal(1, rule.GetProperty("column").GetInt32());
    }

    [Fact]
    public async Task Builtin_decision_has_a_null_rule()
    {
        var file = Write("p.sb", Profile);
        var (code, output, _) = await CliRunner.RunAsync("explain", file, "--op", "file-map-executable", "--path", "/x", "--json");
        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(output);
        Assert.Equal("builtin", document.RootElement.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("rule").ValueKind);
    }

    [Fact]
    public async Task Profile_default_names_the_default_rule_in_text()
    {
        var file = Write("p.sb", Profile);
        var (code, output, _) = await CliRunner.RunAsync("explain", file, "--op", "file-write-data", "--path", "/usr/x");
        Assert.Equal(0, code);
        Assert.StartsWith("deny: file-write-data /usr/x", output, StringComparison.Ordinal);
        Assert.Contains(file + ":2:1: (deny default)", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--remote", "tcp:127.0.0.1:8080", "allow")]
    [InlineData("--remote", "tcp:[::1]:8080", "allow")]
    [InlineData("--remote", "udp:127.0.0.1:8080", "deny")]
    [InlineData("--name", "com.apple.fonts", "allow")]
    public async Task Network_and_name_targets(string option, string value, string decision)
    {
        var file = Write("p.sb", Profile);
        var operation = option == "--name" ? "mach-lookup" : "network-outbound";
        var (code, output, _) = await CliRunner.RunAsync("explain", file, "--op", operation, option, value, "--json");
        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(output);
        Assert.Equal(decision, document.RootElement.GetProperty("decision").GetString());
    }

    [Theory]
    [InlineData("--remote", "tcp:example.com:80")]
    [InlineData("--remote", "sctp:127.0.0.1:80")]
    [InlineData("--local", "tcp:127.0.0.1:99999")]
    public async Task Bad_endpoint_is_a_usage_error(string option, string value)
    {
        var (code, _, error) = await CliRunner.RunAsync("explain", Write("p.sb", Profile), "--op", "network-outbound", option, value);
        Assert.Equal(2, code);
        Assert.Contains(value, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_targets_are_a_usage_error()
    {
        var (code, _, _) = await CliRunner.RunAsync("explain", Write("p.sb", Profile), "--op", "file-read-data", "--path", "/a", "--name", "x");
        Assert.Equal(2, code);
    }

    [Fact]
    public async Task Undecidable_decision_says_what_could_change_it()
    {
        var file = Write("p.sb", "(version 1)\n(deny default)\n(allow file-read* (require-all (subpath \"/dev\") (vnode-type CHARACTER-DEVICE)))\n");
        var (code, output, _) = await CliRunner.RunAsync("explain", file, "--op", "file-read-data", "--path", "/dev/null", "--json");
        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(output);
        Assert.False(document.RootElement.GetProperty("certain").GetBoolean());
        var uncertainty = Assert.Single(document.RootElement.GetProperty("uncertainties").EnumerateArray());
        Assert.Equal("allow", uncertainty.GetProperty("alternative").GetString());
        Assert.Equal(3, uncertainty.GetProperty("rule").GetProperty("line").GetInt32());
    }
}
