using System.Text.Json;

namespace Sandboxer.Cli.Tests.Commands;

public sealed class RunCommandTests : IDisposable
{
    private const string Basics =
        "(version 1)\n"
        + "(deny default)\n"
        + "(allow file-read* process-exec (subpath \"/usr\"))\n"
        + "(allow file-read* (literal \"/etc/ld.so.cache\"))\n"
        + "(allow file-read* file-write-data (literal \"/dev/null\"))\n";

    private readonly string _directory = Directory.CreateTempSubdirectory("sbx-run-").FullName;

    [Fact]
    public async Task The_program_runs_and_its_exit_code_is_propagated()
    {
        var profile = Write("ok.sb", Basics + $"(allow file-read* file-write* (subpath \"{_directory}\"))\n");
        var output = Path.Combine(_directory, "out.txt");

        var (code, _, _) = await CliRunner.RunAsync("run", "-f", profile, "--", "/bin/sh", "-c", $"echo hello > {output}; exit 3");

        Assert.Equal(3, code);
        Assert.Equal("hello\n", await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_denied_access_is_written_with_the_rule_that_denied_it()
    {
        var profile = Write("tight.sb", Basics);
        var denials = Path.Combine(_directory, "denials.jsonl");

        var (code, _, error) = await CliRunner.RunAsync("run", "-f", profile, "--denials", denials, "--", "cat", "/etc/hostname");

        Assert.Equal(1, code);
        var lines = (await File.ReadAllLinesAsync(denials, TestContext.Current.CancellationToken)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var hostname = Assert.Single(lines, l => l.GetProperty("path").GetString() == "/etc/hostname");
        Assert.Equal("denied", hostname.GetProperty("result").GetString());
        Assert.Equal("file-read-data", hostname.GetProperty("op").GetString());
        Assert.Equal("(deny default)", hostname.GetProperty("rule").GetProperty("text").GetString());
        Assert.Equal(2, hostname.GetProperty("rule").GetProperty("line").GetInt32());
        Assert.Equal(profile, hostname.GetProperty("rule").GetProperty("file").GetString());
        Assert.Contains("denied file-read-data /etc/hostname", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_linux_cannot_enforce_is_listed_once_on_stderr()
    {
        var profile = Write("tight.sb", Basics);

        var (code, _, error) = await CliRunner.RunAsync("run", "-f", profile, "--", "true");

        Assert.Equal(0, code);
        Assert.Single(error.Split('\n'), l => l.Contains("cannot enforce", StringComparison.Ordinal) && l.Contains("file-read-metadata", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_profile_error_exits_2_with_its_location()
    {
        var profile = Write("bad.sb", "(version 1)\n(allow file-read* (subpath \"/usr\")\n");

        var (code, _, error) = await CliRunner.RunAsync("run", "-f", profile, "--", "true");

        Assert.Equal(2, code);
        Assert.Contains(profile + ":2:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_the_profile_does_not_let_execute_exits_126_and_a_missing_one_127()
    {
        var profile = Write("noexec.sb", "(version 1)\n(deny default)\n(allow file-read* (subpath \"/usr\"))\n");

        var (denied, _, deniedError) = await CliRunner.RunAsync("run", "-f", profile, "--", "/usr/bin/true");
        var (missing, _, _) = await CliRunner.RunAsync("run", "-f", profile, "--", "sandboxer-no-such-command");

        Assert.Equal(126, denied);
        Assert.Contains("EACCES", deniedError, StringComparison.Ordinal);
        Assert.Equal(127, missing);
    }

    [Fact]
    public async Task Ctrl_c_ends_the_program_and_everything_it_started()
    {
        var profile = Write("sleep.sb", Basics);
        var marker = "987." + Random.Shared.Next(100000, 999999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        interrupt.CancelAfter(TimeSpan.FromMilliseconds(700));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await SandboxerApp.RunAsync(
            ["run", "-f", profile, "--", "/bin/sh", "-c", $"sleep {marker} & sleep {marker}; wait"], output, error, interrupt.Token);

        Assert.Equal(130, code);
        Assert.Empty(ProcessesWithArgument(marker));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static List<int> ProcessesWithArgument(string argument)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline"));
                if (commandLine.Split('\0').Contains(argument))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }
}
