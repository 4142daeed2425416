using Sandboxer.Collections;
using Sandboxer.Platforms.MacOS.Collector;

namespace Sandboxer.Platforms.MacOS.Driver;

/// <summary>
/// Whether <c>sandbox-exec</c> works here, found the way Bazel does it: apply <c>(version 1)(allow default)</c> to
/// <c>/usr/bin/true</c>; any failure means it cannot be used.
/// </summary>
internal static class SandboxExecProbe
{
    public static EquatableArray<string> Argv { get; } = [SandboxExecCommand.Executable, "-p", "(version 1)(allow default)", "/usr/bin/true"];

    /// <summary>
    /// Runs the probe. <paramref name="fileExists"/> tells whether <c>/usr/bin/sandbox-exec</c> exists (it does not
    /// on Linux, where running it would only say "not found").
    /// </summary>
    public static async Task<SandboxAvailability> CheckAsync(IMacSandboxPlatform platform, Func<string, bool> fileExists, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(fileExists);
        if (!fileExists(SandboxExecCommand.Executable))
        {
            return Classify(executableExists: false, 0, string.Empty);
        }

        var result = await platform.RunAsync(Argv, workingDirectory: null, environment: null, MacStdio.Capture, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        return result.TimedOut
            ? SandboxAvailability.Unavailable("sandbox-exec did not finish applying (allow default) to /usr/bin/true within 30 s")
            : Classify(executableExists: true, result.ExitCode, result.Stderr);
    }

    /// <summary>Classifies the probe's result; <paramref name="executableExists"/> is false when there is no <c>/usr/bin/sandbox-exec</c>.</summary>
    public static SandboxAvailability Classify(bool executableExists, int exitCode, string stderr)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        if (!executableExists)
        {
            return SandboxAvailability.Unavailable(
                $"{SandboxExecCommand.Executable} does not exist: the macOS backend needs macOS (on Linux, use --platform linux)");
        }

        if (exitCode == 0)
        {
            return SandboxAvailability.Available;
        }

        return SandboxExecClassifier.Classify(exitCode, stderr, sourceMap: null) switch
        {
            NestedSandbox => SandboxAvailability.Unavailable(NestedSandbox.Explanation),
            var outcome => SandboxAvailability.Unavailable(
                $"sandbox-exec cannot apply even (allow default) (exit {exitCode}): {FirstLine(stderr, outcome)}"),
        };
    }

    private static string FirstLine(string stderr, SandboxExecOutcome outcome)
    {
        var line = stderr.Split('\n', 2)[0].Trim();
        return line.Length > 0 ? line : outcome.ToString();
    }
}
