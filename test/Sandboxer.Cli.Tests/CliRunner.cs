using Sandboxer.Platforms;

namespace Sandboxer.Cli.Tests;

/// <summary>Runs the CLI in-process with captured output.</summary>
internal static class CliRunner
{
    public static Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => RunOnAsync(HostSystem.Current, args);

    /// <summary>Runs the CLI as on <paramref name="host"/> (a scripted Mac, say).</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunOnAsync(HostSystem host, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await SandboxerApp.RunAsync(args, output, error, host, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }
}
