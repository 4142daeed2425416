using Sandboxer.Platforms.MacOS.Driver;
using Sandboxer.Platforms.MacOS.LongRunning;

namespace Sandboxer.Platforms.MacOS.Collector;

/// <summary>
/// Runs a command under a profile without watching the log (<c>sandboxer run</c> without <c>--denials</c>): the
/// user's files concatenated into one private temporary profile, the directory parameters resolved, the exact
/// <c>sandbox-exec</c> command line, the result classified (compile errors mapped back to the user's files), the
/// temporary file removed. With <c>--denials</c>, <see cref="SandboxCollector"/> does the same and observes.
/// </summary>
internal sealed class MacSandboxRunner(IMacSandboxPlatform platform, IPathResolver resolver, TimeSpan timeout)
{
    public async Task<MacSandboxRun> RunAsync(MacRunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var executed = ExecutedProfile.Build(request.Profiles, tag: null);
        var parameters = SandboxParameters.Resolve(request.Parameters, request.Environment, resolver);
        var profileFile = platform.CreateTemporaryFile(RunTag.Create() + ".sb", executed.Text);
        try
        {
            var argv = new SandboxExecCommand(profileFile, parameters, [.. request.Command]).ToArgv();
            var result = await MacLongRunningSupervisor.RunAsync(
                platform, argv, request.Environment.WorkingDirectory, request.Variables, request.Stdio, timeout, request.LongRunning, cancellationToken).ConfigureAwait(false);
            var outcome = result.TimedOut
                ? new TimedOut(timeout)
                : SandboxExecClassifier.Classify(result.ExitCode, result.Stderr, executed.Map with { ExecutedPath = profileFile });
            return new MacSandboxRun(argv, outcome, result);
        }
        finally
        {
            platform.DeleteTemporaryFile(profileFile);
        }
    }
}
