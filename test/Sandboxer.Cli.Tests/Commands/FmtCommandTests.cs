namespace Sandboxer.Cli.Tests.Commands;

public sealed class FmtCommandTests : IDisposable
{
    private const string Messy = "(version   1)\n(allow file-read*   (subpath \"/usr\")) ; why\n";
    private const string Canonical = "(version 1)\n(allow file-read* (subpath \"/usr\")) ; why\n";

    private readonly string _directory = Directory.CreateTempSubdirectory("sandboxer-fmt-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Prints_the_formatted_profile_to_stdout()
    {
        var path = Write("p.sb", Messy);
        var (code, output, error) = await CliRunner.RunAsync("fmt", path);
        Assert.Equal(0, code);
        Assert.Equal(Canonical, output);
        Assert.Empty(error);
        Assert.Equal(Messy, File.ReadAllText(path));
    }

    [Fact]
    public async Task Check_exits_1_and_names_an_unformatted_file()
    {
        var path = Write("p.sb", Messy);
        var (code, output, _) = await CliRunner.RunAsync("fmt", path, "--check");
        Assert.Equal(1, code);
        Assert.Equal($"{path}: not formatted\n", output.ReplaceLineEndings("\n"));
        Assert.Equal(Messy, File.ReadAllText(path));
    }

    [Fact]
    public async Task Check_exits_0_for_a_formatted_file()
    {
        var path = Write("p.sb", Canonical);
        var (code, output, _) = await CliRunner.RunAsync("fmt", "--check", path);
        Assert.Equal(0, code);
        Assert.Empty(output);
    }

    [Fact]
    public async Task Write_rewrites_only_when_formatting_changes_the_file()
    {
        var path = Write("p.sb", Messy);
        var (code, output, error) = await CliRunner.RunAsync("fmt", "--write", path);
        Assert.Equal(0, code);
        Assert.Empty(output);
        Assert.Contains("formatted " + path, error, StringComparison.Ordinal);
        Assert.Equal(Canonical, File.ReadAllText(path));

        var before = File.GetLastWriteTimeUtc(path);
        File.SetLastWriteTimeUtc(path, before.AddMinutes(-5));
        (code, _, error) = await CliRunner.RunAsync("fmt", "-w", path);
        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Equal(before.AddMinutes(-5), File.GetLastWriteTimeUtc(path));
        Assert.Single(Directory.GetFiles(_directory));
    }

    [Fact]
    public async Task Syntax_errors_print_diagnostics_and_exit_2()
    {
        var path = Write("bad.sb", "(version 1)\n(allow file-read*\n");
        var (code, output, error) = await CliRunner.RunAsync("fmt", "--write", path);
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains($"{path}:2:1: error SBPL1002: unbalanced `(` opened at 2:1", error, StringComparison.Ordinal);
        Assert.Contains("    (allow file-read*", error, StringComparison.Ordinal);
        Assert.Equal("(version 1)\n(allow file-read*\n", File.ReadAllText(path));
    }

    [Fact]
    public async Task A_missing_file_exits_2_with_a_clear_message()
    {
        var path = Path.Combine(_directory, "missing.sb");
        var (code, _, error) = await CliRunner.RunAsync("fmt", path);
        Assert.Equal(2, code);
        Assert.Contains($"{path}: no such file", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_and_check_together_are_a_usage_error()
    {
        var path = Write("p.sb", Canonical);
        var (code, _, error) = await CliRunner.RunAsync("fmt", "--write", "--check", path);
        Assert.Equal(2, code);
        Assert.Contains("--write and --check cannot be used together", error, StringComparison.Ordinal);
    }
}
