using System.Diagnostics;
using System.Text.Json;

namespace Sandboxer.Cli.Tests.EndToEnd;

/// <summary>A throw-away project directory for one end-to-end test, with helpers to profile and run in it.</summary>
internal sealed class Project : IDisposable
{
    public Project(string name)
    {
        Root = Directory.CreateTempSubdirectory("sandboxer-e2e-" + name + "-").FullName;
    }

    public string Root { get; }

    public string ProfilePath => Path.Combine(Root, "profile.sb");

    public string ReportPath => Path.Combine(Root, "report.json");

    public void Write(string relative, string text)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    /// <summary><c>sandboxer profile -w ROOT -o profile.sb --report report.json [extra] -- command</c>, in process.</summary>
    public Task<(int ExitCode, string Output, string Error)> ProfileAsync(string[] command, params string[] extra) =>
        CliRunner.RunAsync(["profile", "-w", Root, "-o", ProfilePath, "--report", ReportPath, .. extra, "--", .. command]);

    public JsonElement Report() => JsonDocument.Parse(File.ReadAllText(ReportPath)).RootElement.Clone();

    public string Profile() => File.ReadAllText(ProfilePath);

    /// <summary>Runs the built <c>sandboxer</c> as a separate process in the project directory (its WORKING_DIR).</summary>
    public Task<(int ExitCode, string Output, string Error)> SandboxerAsync(params string[] arguments) =>
        SandboxerAsync(new Dictionary<string, string>(), arguments);

    /// <summary>Like <see cref="SandboxerAsync(string[])"/>, with <paramref name="environment"/> set for the tool and its target.</summary>
    public async Task<(int ExitCode, string Output, string Error)> SandboxerAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var tool = Path.Combine(AppContext.BaseDirectory, "sandboxer.dll");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(tool);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>Runs a program plainly in the project directory (setup steps).</summary>
    public void Exec(params string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', command)} failed: {process.StandardError.ReadToEnd()}");
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
