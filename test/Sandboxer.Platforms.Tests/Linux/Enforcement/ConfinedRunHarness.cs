using System.IO.Pipes;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Sandboxer.Platforms.Linux.Enforcement;
using Sandboxer.Platforms.Processes;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Platforms.Tests.Linux.Enforcement;

/// <summary>Runs a real program through <see cref="ConfinedRun"/> with its output captured.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class ConfinedRunHarness
{
    public static async Task<(ConfinedRunResult Result, string Output, string Error)> RunAsync(
        Profile profile, DenialCollection denials, string workingDirectory, params string[] arguments)
    {
        var run = ConfinedRun.Prepare(profile, new ConfinedRunOptions { Denials = denials });
        return await RunAsync(run, workingDirectory, arguments);
    }

    public static async Task<(ConfinedRunResult Result, string Output, string Error)> RunAsync(ConfinedRun run, string workingDirectory, params string[] arguments)
    {
        using var stdout = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.None);
        using var stderr = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.None);
        var launch = new TargetLaunch
        {
            Arguments = arguments,
            WorkingDirectory = workingDirectory,
            Environment = new Dictionary<string, string?> { ["PATH"] = "/usr/bin:/bin", ["LANG"] = "C.UTF-8" },
            Stdio = new TargetStdio(null, Borrow(stdout.ClientSafePipeHandle), Borrow(stderr.ClientSafePipeHandle)),
            HandleTerminationSignals = false,
            Timeout = TimeSpan.FromMinutes(2),
        };
        var running = run.RunAsync(launch, TestContext.Current.CancellationToken);
        stdout.DisposeLocalCopyOfClientHandle();
        stderr.DisposeLocalCopyOfClientHandle();
        using var outReader = new StreamReader(stdout);
        using var errReader = new StreamReader(stderr);
        var output = outReader.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = errReader.ReadToEndAsync(TestContext.Current.CancellationToken);
        var result = await running;
        return (result, await output, await error);
    }

    private static SafeFileHandle Borrow(SafeHandle handle) => new(handle.DangerousGetHandle(), ownsHandle: false);
}
