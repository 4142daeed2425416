using System.Globalization;
using Sandboxer.Collections;
using Sandboxer.Platforms.MacOS.Collector;
using Sandboxer.Platforms.MacOS.Denials;
using Sandboxer.Platforms.MacOS.Driver;
using Sandboxer.Platforms.Processes;
using Sandboxer.Sbpl.Policy;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Platforms.MacOS.Run;

/// <summary>
/// <c>sandboxer run</c> on macOS: the user's profile files concatenated, <c>/usr/bin/sandbox-exec -f … -D … -- COMMAND</c>
/// with HOME, WORKING_DIR and TMPDIR resolved, the standard streams passed through, no time limit. Without
/// <c>--denials</c> nothing else runs (<see cref="MacSandboxRunner"/>); with it the run is observed
/// (<see cref="SandboxCollector"/>) and each denial is cross-checked with the engine. Exit codes follow docs/cli.md:
/// the program's own, or 2 when sandbox-exec rejects the profile (mapped to the user's file:line), 3 when sandboxing is
/// impossible here (no sandbox-exec, nested sandbox), 126/127 when the program cannot be executed, 130 when
/// interrupted (its process tree is stopped).
/// </summary>
internal sealed class MacRunSession(IMacSandboxPlatform platform, IPathResolver resolver, Func<string, bool> fileExists, CollectorOptions collectorOptions)
{
    public const int ProfileError = 2;
    public const int Unsupported = 3;
    public const int Interrupted = 130;

    /// <param name="profiles">The user's files, in order.</param>
    /// <param name="parameters">The <c>-D</c> values (HOME, WORKING_DIR, TMPDIR filled from <paramref name="environment"/> when missing).</param>
    /// <param name="command">The program and its arguments.</param>
    /// <param name="environment">The tool's HOME, working directory and TMPDIR.</param>
    /// <param name="evaluated">The profile as the engine evaluated it with the resolved parameters (for the denials' cross-check).</param>
    /// <param name="collectDenials">Observe the run and return its denials (<c>--denials</c>).</param>
    /// <param name="longRunning">
    /// For a server or watcher (<c>--ready-port</c>, <c>--exercise</c>, <c>--stop-after</c>): the tool stops it once its run is
    /// done, and the exit code is <see cref="LongRunningResult.ExitCode"/>'s (0 when it went as planned).
    /// </param>
    public async Task<MacRunResult> RunAsync(
        IReadOnlyList<SourceText> profiles,
        IReadOnlyDictionary<string, string> parameters,
        IReadOnlyList<string> command,
        SandboxEnvironment environment,
        Profile evaluated,
        bool collectDenials,
        CancellationToken cancellationToken,
        LongRunningOptions? longRunning = null)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        ArgumentNullException.ThrowIfNull(evaluated);
        var messages = new List<string>();
        if (!fileExists(SandboxExecCommand.Executable))
        {
            messages.Add($"cannot sandbox the program: {SandboxExecCommand.Executable} does not exist (macOS ships it since 10.5; this does not look like macOS)");
            return new MacRunResult(Unsupported, messages, null, []);
        }

        if (collectDenials && !fileExists(CollectorCommands.LogExecutable))
        {
            messages.Add($"warning: denials cannot be collected: {CollectorCommands.LogExecutable} does not exist");
            collectDenials = false;
        }

        var request = new MacRunRequest(profiles, parameters, command, environment, MacStdio.PassThrough) { LongRunning = longRunning };
        try
        {
            if (collectDenials)
            {
                var observed = await new SandboxCollector(platform, resolver, collectorOptions with { RunTimeout = Timeout.InfiniteTimeSpan, TagDenials = true })
                    .RunAsync(request, cancellationToken).ConfigureAwait(false);
                if (observed.Outcome is not null)
                {
                    var exit = Finish(observed.Outcome, observed.Process, profiles, messages);
                    return new MacRunResult(exit, messages, Denials(observed, evaluated, messages), observed.Argv);
                }

                messages.Add("warning: denials cannot be collected: " + observed.Detail);
                var unobserved = await Runner().RunAsync(request, cancellationToken).ConfigureAwait(false);
                return new MacRunResult(Finish(unobserved.Outcome, unobserved.Process, profiles, messages), messages, [], unobserved.Argv);
            }

            var run = await Runner().RunAsync(request, cancellationToken).ConfigureAwait(false);
            return new MacRunResult(Finish(run.Outcome, run.Process, profiles, messages), messages, null, run.Argv);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            messages.Add("interrupted; the program and everything it started were stopped");
            return new MacRunResult(Interrupted, messages, collectDenials ? [] : null, []);
        }
    }

    private MacSandboxRunner Runner() => new(platform, resolver, Timeout.InfiniteTimeSpan);

    private static int Finish(SandboxExecOutcome outcome, MacProcessResult? process, IReadOnlyList<SourceText> profiles, List<string> messages)
    {
        switch (outcome)
        {
            case TargetExited exited when process?.LongRunning is { } longRunning:
                messages.Add("the program " + longRunning.Describe("exited with " + exited.ExitCode.ToString(CultureInfo.InvariantCulture)));
                if (longRunning.Exercise is { Succeeded: false } exercise && exercise.Output.Length > 0)
                {
                    messages.Add("the exercise `" + exercise.Command + "` printed" + (exercise.OutputTruncated ? " (the end):" : ":"));
                    messages.AddRange(exercise.Output.TrimEnd('\n').Split('\n').Select(line => "  | " + line));
                }

                return longRunning.ExitCode(exited.ExitCode);
            case TargetExited exited:
                return exited.ExitCode;
            case DiedAtStartup died:
                messages.Add(died.Explanation);
                return died.ExitCode;
            case ExecFailed failed:
                messages.Add(failed.Explanation);
                return failed.ShellExitCode;
            case ProfileRejected rejected:
                messages.Add(ProfileRejectionText.Format(rejected, profiles));
                return ProfileError;
            case NestedSandbox:
                messages.Add(NestedSandbox.Explanation);
                return Unsupported;
            case ApplyFailed failed:
                messages.Add("sandbox-exec could not apply the profile: " + failed.Message);
                return Unsupported;
            default:
                return process?.ExitCode ?? Unsupported;
        }
    }

    private static List<string> Denials(CollectedRun run, Profile evaluated, List<string> messages)
    {
        if (run.Quality != CollectionQuality.Fenced && run.Detail is { } detail)
        {
            messages.Add("warning: denials may be incomplete: " + detail);
        }

        var explainer = new MacDenialExplainer(evaluated);
        var lines = new List<string>();
        var shown = new HashSet<string>(StringComparer.Ordinal);
        foreach (var denial in run.Events.Where(e => e.Result.IsDenied))
        {
            var explained = explainer.Explain(denial);
            lines.Add(MacDenialJson.Serialize(explained));
            if (shown.Add(explained.Explanation))
            {
                messages.Add("denied " + explained.Explanation);
            }
        }

        return lines;
    }
}
