using System.IO.Pipes;
using Sandboxer.Platforms.Linux.Landlock;

namespace Sandboxer.Platforms.Tests.Linux.Landlock;

/// <summary>Runs a program under a plan with captured output, the way the probes do.</summary>
internal static class LaunchHelper
{
    public static async Task<(int ExitCode, string Output, string Error, ConfinedProcess Process)> RunAsync(
        LandlockPlan plan, string executable, params string[] arguments)
    {
        return await RunInAsync(plan, Directory.GetCurrentDirectory(), LaunchOptions.Default, executable, arguments);
    }

    public static async Task<(int ExitCode, string Output, string Error, ConfinedProcess Process)> RunInAsync(
        LandlockPlan plan, string workingDirectory, LaunchOptions options, string executable, params string[] arguments)
    {
        using var stdout = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.None);
        using var stderr = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.None);
        var environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["LANG"] = "C" };
        var request = new SpawnRequest(executable, [Path.GetFileName(executable), .. arguments], environment, workingDirectory)
        {
            StandardOutputFd = (int)stdout.ClientSafePipeHandle.DangerousGetHandle(),
            StandardErrorFd = (int)stderr.ClientSafePipeHandle.DangerousGetHandle(),
        };
        var process = ConfinedLauncher.Launch(plan, request, options);
        stdout.DisposeLocalCopyOfClientHandle();
        stderr.DisposeLocalCopyOfClientHandle();
        using var outReader = new StreamReader(stdout);
        using var errReader = new StreamReader(stderr);
        var output = outReader.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = errReader.ReadToEndAsync(TestContext.Current.CancellationToken);
        var code = await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (code, await output, await error, process);
    }
}
