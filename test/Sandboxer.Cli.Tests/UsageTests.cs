namespace Sandboxer.Cli.Tests;

public sealed class UsageTests
{
    [Fact]
    public async Task Help_succeeds_and_names_the_tool()
    {
        var (code, output, _) = await CliRunner.RunAsync("--help");
        Assert.Equal(0, code);
        Assert.Contains("Seatbelt", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_option_is_a_usage_error_with_exit_2()
    {
        var (code, _, error) = await CliRunner.RunAsync("--no-such-option");
        Assert.Equal(2, code);
        Assert.Contains("--no-such-option", error, StringComparison.Ordinal);
    }
}
