using System.CommandLine;
using System.Globalization;
using System.Runtime.Versioning;
using Sandboxer.Cli.IO;
using Sandboxer.Cli.Options;
using Sandboxer.Events;
using Sandboxer.Platforms.Linux.Tracing;
using Sandboxer.Platforms.Processes;

namespace Sandboxer.Cli.Commands;

/// <summary>
/// <c>sandboxer trace [-o FILE] [-w DIR] [--force] -- COMMAND [ARGS...]</c> (docs/cli.md): runs the command under
/// strace without restricting it and writes what it accessed as events (JSON Lines, aggregated with counts) to
/// stdout or, atomically, to FILE. The program's own stdin, stdout and stderr pass through; its exit code becomes
/// the tool's (128 + signal when a signal killed it); Ctrl-C interrupts it, terminates its whole process tree and
/// exits 130. A summary goes to stderr. Without strace it exits 3 and says how to install it. A long-running command
/// (<c>--ready-port</c>, <c>--exercise</c>, <c>--stop-after</c>) is stopped by the tool and exits as
/// <see cref="LongRunningOutcome"/> says.
/// </summary>
internal static class TraceCommand
{
    public static Command Create()
    {
        var program = new Argument<string[]>("command")
        {
            Description = "The program to trace and its arguments (after --).",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--output", "-o") { Description = "Write the events to FILE (atomically) instead of stdout.", HelpName = "FILE" };
        var workdir = new Option<string?>("--workdir", "-w") { Description = "Run the program in DIR (default: the current directory).", HelpName = "DIR" };
        var force = new Option<bool>("--force") { Description = "Overwrite the --output file if it exists." };
        var longRunning = new LongRunningOptionSet();
        var command = new Command("trace", "Observe a program without restricting it; write the accesses it made as events (JSON Lines).")
        {
            output,
            workdir,
            force,
            program,
        };
        longRunning.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            new TraceOptions(parseResult.GetRequiredValue(program), parseResult.GetValue(output), parseResult.GetValue(workdir), parseResult.GetValue(force), longRunning.Read(parseResult)),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(TraceOptions options, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
        {
            await stderr.WriteLineAsync("sandboxer: trace needs Linux (strace); on macOS capture the sandbox log and use import-log").ConfigureAwait(false);
            return ExitCodes.Unsupported;
        }

        var outputPath = options.Output is null ? null : Path.GetFullPath(options.Output);
        if (outputPath is not null && !options.Force && File.Exists(outputPath))
        {
            await stderr.WriteLineAsync($"sandboxer: {outputPath} already exists; use --force to overwrite it").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var workingDirectory = options.WorkingDirectory is null ? null : Path.GetFullPath(options.WorkingDirectory);
        if (workingDirectory is not null && !Directory.Exists(workingDirectory))
        {
            await stderr.WriteLineAsync($"sandboxer: {workingDirectory}: no such directory").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        return await TraceAsync(options, workingDirectory, outputPath, stdout, stderr, cancellationToken).ConfigureAwait(false);
    }

    [SupportedOSPlatform("linux")]
    private static async Task<int> TraceAsync(
        TraceOptions options,
        string? workingDirectory,
        string? outputPath,
        TextWriter stdout,
        TextWriter stderr,
        CancellationToken cancellationToken)
    {
        var aggregator = new EventAggregator();
        long observed = 0;
        TraceRun run;
        try
        {
            var launch = new TargetLaunch { Arguments = options.Command, WorkingDirectory = workingDirectory, LongRunning = options.LongRunning };
            run = await StraceTracer.TraceAsync(
                launch,
                accessEvent =>
                {
                    observed++;
                    aggregator.Add(accessEvent);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (StraceUnavailableException ex)
        {
            await stderr.WriteLineAsync("sandboxer: " + ex.Message).ConfigureAwait(false);
            return ExitCodes.Unsupported;
        }
        catch (TargetStartException ex)
        {
            await stderr.WriteLineAsync("sandboxer: " + ex.Message).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (run.TraceMissing && !run.Outcome.Interrupted)
        {
            await stderr.WriteLineAsync($"sandboxer: strace produced no trace ({run.Outcome.Describe()}); see its message above").ConfigureAwait(false);
            return ExitCodes.Unsupported;
        }

        var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        EventJson.WriteAll(text, aggregator.Events);
        if (outputPath is null)
        {
            await stdout.WriteAsync(text.ToString()).ConfigureAwait(false);
            await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        else
        {
            try
            {
                AtomicFile.WriteAllText(outputPath, text.ToString(), overwrite: options.Force);
            }
            catch (FileExistsException ex)
            {
                await stderr.WriteLineAsync("sandboxer: " + ex.Message).ConfigureAwait(false);
                return ExitCodes.Usage;
            }
        }

        await stderr.WriteLineAsync(Summary(run, observed, aggregator.Count, outputPath)).ConfigureAwait(false);
        await LongRunningOutcome.PrintAsync(stderr, run.Outcome).ConfigureAwait(false);
        return LongRunningOutcome.ExitCode(run.Outcome);
    }

    /// <summary>"trace: traced 3 processes, 1,234 events → 212 unique (written to FILE); sh exited with 2".</summary>
    internal static string Summary(TraceRun run, long observed, int unique, string? outputPath)
    {
        var culture = CultureInfo.InvariantCulture;
        var text = string.Create(
            culture,
            $"trace: traced {Plural(run.Processes, "process", "processes")}, {Plural(observed, "event", "events")} → {unique.ToString("N0", culture)} unique");
        if (outputPath is not null)
        {
            text += " → " + outputPath;
        }

        if (run.Outcome.Interrupted || (run.Outcome.ExitCode != 0 && run.Outcome.LongRunning is null))
        {
            text += "; the program " + run.Outcome.Describe();
        }

        if (run.Outcome.TerminatedStragglers > 0)
        {
            text += "; " + Plural(run.Outcome.TerminatedStragglers, "leftover process", "leftover processes") + " terminated";
        }

        if (run.Counters.UnresolvedPaths > 0)
        {
            text += "; " + Plural(run.Counters.UnresolvedPaths, "path", "paths") + " could not be resolved";
        }

        return text;
    }

    private static string Plural(long count, string one, string many) =>
        count.ToString("N0", CultureInfo.InvariantCulture) + " " + (count == 1 ? one : many);

    private sealed record TraceOptions(string[] Command, string? Output, string? WorkingDirectory, bool Force, LongRunningOptions? LongRunning);
}
