using System.CommandLine;
using System.Runtime.Versioning;
using System.Text;
using Sandboxer.Sbpl.Evaluation;
using Sandboxer.Cli.IO;
using Sandboxer.Cli.Rendering;
using Sandboxer.Platforms.Linux.Enforcement;
using Sandboxer.Platforms.Linux.Landlock;
using Sandboxer.Platforms.Linux.Landlock.Audit;
using Sandboxer.Platforms.Processes;

namespace Sandboxer.Cli.Commands;

/// <summary>
/// The Linux side of <c>sandboxer run</c>: one <see cref="ConfinedRun"/> (Landlock, the loopback-only namespace and its
/// relays when the profile asks for them, output directories the profile lets the program create), with denials from
/// the kernel's audit records when they can be had and from strace inside the sandbox otherwise.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class LinuxRunCommand
{
    public static async Task<int> RunAsync(
        ParseResult parseResult, LoadResult loaded, string? denialsPath, LongRunningOptions? longRunning, string[] commandLine, CancellationToken cancellationToken)
    {
        var stderr = parseResult.InvocationConfiguration.Error;
        ConfinedRun run;
        try
        {
            run = ConfinedRun.Prepare(loaded.Profile, new ConfinedRunOptions
            {
                Denials = denialsPath is null ? DenialCollection.None : DenialCollection.Cheapest,
            });
        }
        catch (LandlockUnavailableException exception)
        {
            await stderr.WriteLineAsync("sandboxer: cannot enforce the profile: " + exception.Message).ConfigureAwait(false);
            return ExitCodes.Unsupported;
        }

        var workingDirectory = Environment.CurrentDirectory;
        foreach (var directory in run.CreatedDirectories)
        {
            await stderr.WriteLineAsync($"sandboxer: created {Display(directory, workingDirectory)}/ before launch: the profile lets the program create it").ConfigureAwait(false);
        }

        DiagnosticPrinter.PrintAll(stderr, loaded.Diagnostics.Concat(run.Diagnostics), loaded.FindSource);
        ConfinedRunResult result;
        try
        {
            result = await run.RunAsync(new TargetLaunch { Arguments = commandLine, WorkingDirectory = workingDirectory, LongRunning = longRunning }, cancellationToken).ConfigureAwait(false);
        }
        catch (LandlockUnavailableException exception)
        {
            await stderr.WriteLineAsync("sandboxer: " + exception.Message).ConfigureAwait(false);
            return ExitCodes.Unsupported;
        }

        DiagnosticPrinter.PrintAll(stderr, result.LaunchDiagnostics);
        if (result.StartFailure is { } failure)
        {
            await stderr.WriteLineAsync("sandboxer: " + failure.Message).ConfigureAwait(false);
        }

        if (denialsPath is not null)
        {
            if (result.DenialsUnavailableReason is { } reason)
            {
                await stderr.WriteLineAsync("sandboxer: warning: denials cannot be collected: " + reason).ConfigureAwait(false);
            }

            await WriteDenialsAsync(result.Denials, denialsPath, stderr).ConfigureAwait(false);
        }

        if (result.StartFailure is not null)
        {
            return result.StartFailure.ExitCode;
        }

        await LongRunningOutcome.PrintAsync(stderr, result.Outcome).ConfigureAwait(false);
        return LongRunningOutcome.ExitCode(result.Outcome);
    }

    private static async Task WriteDenialsAsync(IReadOnlyList<ExplainedDenial> denials, string path, TextWriter stderr)
    {
        var lines = new StringBuilder();
        var shown = new HashSet<string>(StringComparer.Ordinal);
        foreach (var denial in denials)
        {
            lines.Append(DenialJson.Serialize(denial, denial.Blocker)).Append('\n');
            if (shown.Add(denial.Explanation))
            {
                var kind = denial.Cause == DenialCause.NotSandbox ? "refused (not by the sandbox) " : "denied ";
                await stderr.WriteLineAsync("sandboxer: " + kind + denial.Explanation).ConfigureAwait(false);
            }
        }

        AtomicFile.WriteAllText(path, lines.ToString(), overwrite: true);
    }

    private static string Display(string directory, string workingDirectory) =>
        directory.StartsWith(workingDirectory + "/", StringComparison.Ordinal) ? directory[(workingDirectory.Length + 1)..] : directory;
}
