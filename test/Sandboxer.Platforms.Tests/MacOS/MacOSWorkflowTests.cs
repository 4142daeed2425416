using System.Diagnostics;
using System.Text.Json;

namespace Sandboxer.Platforms.Tests.MacOS;

/// <summary>
/// .github/workflows/macos.yml cannot run here (no Mac): check that it is valid YAML with the intended shape
/// (parsed by Python's yaml module, which the machine has), and that every shell step passes shellcheck.
/// </summary>
public sealed class MacOSWorkflowTests
{
    private static readonly Lazy<JsonElement> Workflow = new(Load);

    private static string RepositoryRoot
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Sandboxer.slnx")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("cannot find the repository root above " + AppContext.BaseDirectory);
        }
    }

    private static string WorkflowPath => Path.Combine(RepositoryRoot, ".github", "workflows", "macos.yml");

    private static JsonElement Job => Workflow.Value.GetProperty("jobs").GetProperty("macos");

    private static IEnumerable<JsonElement> Steps => Job.GetProperty("steps").EnumerateArray();

    private static string AllRuns => string.Join("\n", Steps.Where(s => s.TryGetProperty("run", out _)).Select(s => s.GetProperty("run").GetString()));

    [Fact]
    public void Runs_on_macos_14_and_15_with_dotnet_10()
    {
        Assert.Equal(["macos-14", "macos-15"], Job.GetProperty("strategy").GetProperty("matrix").GetProperty("os").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("${{ matrix.os }}", Job.GetProperty("runs-on").GetString());
        var setup = Assert.Single(Steps, s => s.TryGetProperty("uses", out var uses) && uses.GetString()!.StartsWith("actions/setup-dotnet@", StringComparison.Ordinal));
        Assert.StartsWith("10.", setup.GetProperty("with").GetProperty("dotnet-version").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dotnet test --solution Sandboxer.slnx")]
    [InlineData("export SANDBOXER_SHARED=\"$GITHUB_WORKSPACE/shared-reference\"")]
    [InlineData("sandboxer profile -o \"$out/$name.sb\" --report \"$out/$name.json\"")]
    [InlineData("profile ls -- /bin/ls -la /usr")]
    [InlineData("-- python3 -m compileall")]
    [InlineData("commit -q -m first")]
    [InlineData("-- npm install")]
    [InlineData("sandboxer probe -f")]
    [InlineData("sandboxer probe --json -f \"$RUNNER_TEMP/open.sb\"")]
    [InlineData("sandboxer run -f \"$run_dir/deny.sb\" --denials")]
    [InlineData("sandboxer demo")]
    [InlineData("sandboxer import-log \"$capture\" --format macos-ndjson")]
    [InlineData("/usr/bin/log stream --style ndjson --predicate 'sender == \"Sandbox\"'")]
    public void Runs_the_suite_the_end_to_end_profiles_and_the_probes(string command)
    {
        Assert.Contains(command, AllRuns, StringComparison.Ordinal);
    }

    [Fact]
    public void Uploads_the_profiles_as_artifacts()
    {
        var upload = Assert.Single(Steps, s => s.TryGetProperty("uses", out var uses) && uses.GetString()!.StartsWith("actions/upload-artifact@", StringComparison.Ordinal));
        Assert.Contains("profiles/", upload.GetProperty("with").GetProperty("path").GetString(), StringComparison.Ordinal);
        Assert.Equal("always()", upload.GetProperty("if").GetString());
    }

    [Fact]
    public void Every_shell_step_passes_shellcheck()
    {
        var steps = Steps.Where(s => s.TryGetProperty("run", out _)).ToList();
        Assert.NotEmpty(steps);
        foreach (var step in steps)
        {
            var script = "#!/usr/bin/env bash\nset -eo pipefail\n" + step.GetProperty("run").GetString();
            var (code, output) = Run("shellcheck", ["-s", "bash", "-"], script);
            Assert.True(code == 0, $"shellcheck failed for step '{step.GetProperty("name").GetString()}':\n{output}");
        }
    }

    private static JsonElement Load()
    {
        const string program = "import json, sys, yaml\nprint(json.dumps(yaml.safe_load(open(sys.argv[1])), default=str))";
        var (code, output) = Run("python3", ["-c", program, WorkflowPath], stdin: null);
        Assert.True(code == 0, "python3 could not load the workflow as YAML:\n" + output);
        using var document = JsonDocument.Parse(output);
        return document.RootElement.Clone();
    }

    private static (int Code, string Output) Run(string program, string[] arguments, string? stdin)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Write(stdin ?? string.Empty);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr);
    }
}
