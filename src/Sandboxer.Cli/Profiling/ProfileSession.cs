using System.CommandLine;
using System.Globalization;
using System.Text;
using Sandboxer.Analysis;
using Sandboxer.Cli.Commands;
using Sandboxer.Cli.IO;
using Sandboxer.Cli.Options;
using Sandboxer.Cli.Rendering;
using Sandboxer.Platforms;
using Sandboxer.Platforms.Processes;
using Sandboxer.Platforms.Profiling;
using Sandboxer.Synthesis;

namespace Sandboxer.Cli.Profiling;

/// <summary>One <c>sandboxer profile</c> (or <c>demo</c>) invocation: run the loop, write the profile and report, print the summary.</summary>
internal static class ProfileSession
{
    public static async Task<int> RunAsync(
        ParseResult parseResult,
        ProfileOptionSet options,
        IReadOnlyList<string> command,
        string workingDirectory,
        string outputPath,
        bool force,
        bool printProfile,
        HostSystem host,
        CancellationToken cancellationToken)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        var stderr = parseResult.InvocationConfiguration.Error;
        if (!force && File.Exists(outputPath))
        {
            stderr.WriteLine($"sandboxer: {outputPath} already exists; use --force to overwrite it (or -o another file)");
            return ExitCodes.Usage;
        }

        var platform = options.Choices.ReadPlatform(parseResult, host);
        var parameters = HostParameters.Read(parseResult, options.Define, workingDirectory);
        var network = options.Choices.ReadNetwork(parseResult);
        var profiling = new ProfilingOptions
        {
            ObservationRuns = parseResult.GetValue(options.Runs),
            Baseline = parseResult.GetValue(options.Baseline),
            ExpectOutput = parseResult.GetValue(options.ExpectOutput),
            MaxIterations = parseResult.GetValue(options.MaxIterations),
            VerifyRuns = parseResult.GetValue(options.VerifyRuns),
            Probe = !parseResult.GetValue(options.NoProbe),
            Network = network,
            Mode = options.Choices.ReadMode(parseResult),
            Home = parameters[ProfileParameters.Home],
            ToolVersion = SynthesizeCommand.ToolVersion,
        };
        var longRunning = options.LongRunning.Read(parseResult);
        var target = new ProfilingTarget(
            command,
            parameters[ProfileParameters.WorkingDirectory],
            CaptureOutput: profiling.ExpectOutput,
            Timeout: ProfileOptionSet.ReadDuration(parseResult, options.Timeout),
            LongRunning: longRunning);

        ProfilingReport report;
        try
        {
            var backend = ProfilingBackends.For(platform, host);
            stderr.WriteLine("sandboxer: profiling " + string.Join(' ', command) + " (" + backend.Description + ")");
            report = await new ProfilingWorkflow(backend, profiling, new LineProgress(stderr)).RunAsync(target, cancellationToken).ConfigureAwait(false);
        }
        catch (PlatformUnavailableException exception)
        {
            stderr.WriteLine("sandboxer: " + exception.Message + (exception.Remedy is { } remedy ? "\n  to fix: " + remedy : string.Empty));
            return ExitCodes.Unsupported;
        }
        catch (TargetStartException exception)
        {
            stderr.WriteLine("sandboxer: " + exception.Message);
            return ExitCodes.Usage;
        }
        catch (ProfileRejectedException exception)
        {
            stderr.WriteLine("sandboxer: " + exception.Message);
            stderr.WriteLine("sandboxer: the sandbox rejected a profile sandboxer generated, so it cannot be verified; no profile was written (please report this)");
            return ExitCodes.Findings;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("sandboxer: interrupted; the program and everything it started were stopped");
            return ExitCodes.Interrupted;
        }

        if (report.Interrupted)
        {
            stderr.WriteLine("sandboxer: interrupted; the program and everything it started were stopped; no profile written");
            return ExitCodes.Interrupted;
        }

        string? written = null;
        if (report.Profile.IsSound)
        {
            AtomicFile.WriteAllText(outputPath, report.Profile.Text, overwrite: true);
            written = outputPath;
        }
        else
        {
            foreach (var miss in report.Profile.Proof.Misses.Take(20))
            {
                stderr.WriteLine($"sandboxer: coverage proof failed: {miss.Event.Operation} {SynthesisPipeline.TargetOf(miss.Event)}: {miss.Explanation}");
            }

            stderr.WriteLine("sandboxer: this is a bug in synthesis; the profile was not written");
        }

        var summary = new ProfileRunSummary(
            written,
            command,
            profiling.Mode,
            platform == TargetPlatform.MacOS ? "macos" : "linux",
            network.ToString().ToLowerInvariant(),
            RunCommandLine(platform, written ?? outputPath, command));
        if (parseResult.GetValue(options.Report) is { } reportPath)
        {
            var json = new StringWriter(CultureInfo.InvariantCulture);
            JsonOutput.Write(json, writer => ProfileReportJson.Write(writer, report, summary));
            AtomicFile.WriteAllText(reportPath, json.ToString(), overwrite: true);
        }

        if (parseResult.GetValue(options.Json))
        {
            JsonOutput.Write(stdout, writer => ProfileReportJson.Write(writer, report, summary));
        }
        else
        {
            if (printProfile && written is not null)
            {
                stdout.Write(report.Profile.Text);
                stdout.WriteLine();
            }

            ProfileSummaryPrinter.Print(stdout, report, summary);
        }

        return report.Verified ? ExitCodes.Success : ExitCodes.Findings;
    }

    /// <summary>The exact command line to run the program under the profile on its platform.</summary>
    public static string RunCommandLine(TargetPlatform platform, string profilePath, IReadOnlyList<string> command)
    {
        var program = string.Join(' ', command.Select(ShellQuote));
        return platform == TargetPlatform.MacOS
            ? $"/usr/bin/sandbox-exec -f {ShellQuote(profilePath)} -D HOME=\"$(cd ~ && pwd -P)\" -D WORKING_DIR=\"$(pwd -P)\" -D TMPDIR=\"$(cd \"${{TMPDIR:-/tmp}}\" && pwd -P)\" {program}"
            : $"sandboxer run -f {ShellQuote(profilePath)} -- {program}";
    }

    public static string ShellQuote(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        if (argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:@+,%".Contains(c, StringComparison.Ordinal)))
        {
            return argument;
        }

        var builder = new StringBuilder("'");
        builder.Append(argument.Replace("'", "'\\''", StringComparison.Ordinal));
        return builder.Append('\'').ToString();
    }
}
