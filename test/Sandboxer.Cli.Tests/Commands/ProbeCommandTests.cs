using System.Text.Json;

namespace Sandboxer.Cli.Tests.Commands;

public sealed class ProbeCommandTests : IDisposable
{
    private const string Tight =
        "(version 1)\n"
        + "(deny default)\n"
        + "(allow file-read* process-exec (subpath \"/usr\"))\n"
        + "(allow file-read* (literal \"/etc/ld.so.cache\"))\n"
        + "(allow file-read* file-write-data (literal \"/dev/null\"))\n"
        + "(allow file-read* file-write* (subpath (param \"WORKING_DIR\")))\n";

    private readonly string _directory = Directory.CreateTempSubdirectory("sbx-probe-cli-").FullName;

    [Fact]
    public async Task A_tight_profile_passes_with_every_probe_blocked()
    {
        var profile = Write("tight.sb", Tight);

        var (code, output, _) = await CliRunner.RunAsync("probe", "-f", profile, "--json");

        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(output);
        Assert.Equal(0, document.RootElement.GetProperty("leaks").GetInt32());
        var probes = document.RootElement.GetProperty("probes").EnumerateArray().ToList();
        Assert.All(probes, p => Assert.Equal("blocked", p.GetProperty("outcome").GetString()));
        Assert.Contains(probes, p => p.GetProperty("id").GetString() == "read-ssh" && p.GetProperty("errno").GetString() == "EACCES");
    }

    [Fact]
    public async Task A_profile_that_reads_home_leaks_and_exits_1()
    {
        var profile = Write("leaky.sb", Tight + "(allow file-read* (subpath (param \"HOME\")))\n");

        var (code, output, _) = await CliRunner.RunAsync("probe", "-f", profile);

        Assert.Equal(1, code);
        Assert.Contains("LEAKED   read-ssh", output, StringComparison.Ordinal);
        Assert.Contains(profile + ":7:1", output, StringComparison.Ordinal);
        Assert.Contains("blocked  append-shell-bashrc", output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
