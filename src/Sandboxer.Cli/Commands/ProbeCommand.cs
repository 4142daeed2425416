using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Sandboxer.Cli.Options;
using Sandboxer.Cli.Rendering;
using Sandboxer.Platforms;
using Sandboxer.Platforms.Linux.Landlock;
using Sandboxer.Platforms.Probes;
using Sandboxer.Sbpl.Evaluation;

namespace Sandboxer.Cli.Commands;

/// <summary>
/// <c>sandboxer probe -f PROFILE… [-D K=V]… [--json]</c>: runs the built-in negative probes under the profile with
/// real enforcement (Linux: Landlock and a network namespace) and reports each as blocked or leaked with its
/// evidence. Exit 1 when anything leaked, 2 for profile errors, 3 without Landlock.
/// </summary>
internal static class ProbeCommand
{
    public static Command Create(HostSystem host)
    {
        var profile = new ProfileFileOptions();
        var json = new Option<bool>("--json") { Description = "Print the results as one JSON object." };
        var command = new Command("probe", "Try to read secrets, plant persistence, escape the working directory and reach undeclared network under a profile.");
        profile.AddTo(command);
        command.Options.Add(json);
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, profile, parseResult.GetValue(json), host, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, ProfileFileOptions profileOptions, bool json, HostSystem host, CancellationToken cancellationToken)
    {
        var stderr = parseResult.InvocationConfiguration.Error;
        if (host.IsMacOS)
        {
            return await MacOS.MacProbeCommand.RunAsync(parseResult, profileOptions, json, host.Mac, cancellationToken).ConfigureAwait(false);
        }

        if (!host.IsLinux || !OperatingSystem.IsLinux())
        {
            await stderr.WriteLineAsync("sandboxer: probe enforces profiles with sandbox-exec on macOS and Landlock on Linux; this platform is not supported").ConfigureAwait(false);
            return ExitCodes.Unsupported;
        }

        var parameters = profileOptions.Parameters(parseResult);
        if (profileOptions.Load(parseResult, parameters, stderr) is null)
        {
            return ExitCodes.Usage;
        }

        if (!LandlockSupport.Host.IsAvailable)
        {
            await stderr.WriteLineAsync("sandboxer: cannot enforce the profile: " + LandlockSupport.Host.UnavailableReason).ConfigureAwait(false);
            return ExitCodes.Unsupported;
        }

        var paths = profileOptions.Paths(parseResult);
        var options = profileOptions.LoadOptions(parseResult);
        ProbeReport report;
        try
        {
            report = await NegativeProbes.RunAsync(
                probeParameters =>
                {
                    var loaded = ProfileLoader.LoadFiles(paths, probeParameters, options);
                    return loaded.HasErrors
                        ? throw new InvalidDataException(string.Join("\n", loaded.Diagnostics.Where(d => d.IsError)))
                        : loaded.Profile;
                },
                parameters,
                cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException exception)
        {
            await stderr.WriteLineAsync("sandboxer: the profile does not evaluate with the probes' HOME, WORKING_DIR and TMPDIR:\n" + exception.Message).ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Interrupted;
        }

        return Render(parseResult, report, json);
    }

    /// <summary>Prints the report (text, or one JSON object) and returns the exit code: 1 when anything leaked.</summary>
    internal static int Render(ParseResult parseResult, ProbeReport report, bool json)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        if (json)
        {
            JsonOutput.Write(stdout, writer => WriteJson(writer, report));
        }
        else
        {
            DiagnosticPrinter.PrintAll(parseResult.InvocationConfiguration.Error, report.Diagnostics);
            WriteText(stdout, report);
        }

        return report.AnyLeak ? ExitCodes.Findings : ExitCodes.Success;
    }

    private static void WriteText(TextWriter output, ProbeReport report)
    {
        foreach (var result in report.Results)
        {
            var verdict = result.Outcome switch
            {
                ProbeOutcome.Leaked => "LEAKED ",
                ProbeOutcome.Blocked => "blocked",
                _ => "blocked (could not execute)",
            };
            output.WriteLine($"{verdict}  {result.Id}: {result.Description}");
            output.WriteLine($"    target:   {result.Target}");
            output.WriteLine($"    evidence: {result.Evidence}");
            if (result.Rule is not null)
            {
                output.WriteLine($"    profile:  {result.Rule}");
            }
        }

        var leaks = report.Results.Count(r => r.IsLeak);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{report.Results.Count} probes: {report.Results.Count - leaks} blocked, {leaks} leaked"));
    }

    private static void WriteJson(Utf8JsonWriter writer, ProbeReport report)
    {
        writer.WriteStartObject();
        writer.WriteNumber("leaks", report.Results.Count(r => r.IsLeak));
        writer.WriteStartArray("probes");
        foreach (var result in report.Results)
        {
            writer.WriteStartObject();
            writer.WriteString("id", result.Id);
            writer.WriteString("category", result.Category);
            writer.WriteString("description", result.Description);
            writer.WriteString("target", result.Target);
            writer.WriteString("outcome", result.Outcome switch
            {
                ProbeOutcome.Leaked => "leaked",
                ProbeOutcome.Blocked => "blocked",
                _ => "blocked-could-not-execute",
            });
            writer.WriteString("evidence", result.Evidence);
            writer.WriteString("errno", result.Errno);
            writer.WriteString("rule", result.Rule);
            writer.WriteString("helper", result.Helper);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("diagnostics");
        foreach (var diagnostic in report.Diagnostics)
        {
            writer.WriteStartObject();
            writer.WriteString("code", diagnostic.Code);
            writer.WriteString("severity", diagnostic.Severity.ToString().ToLowerInvariant());
            writer.WriteString("message", diagnostic.Message);
            writer.WriteString("location", diagnostic.Location?.ToString());
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
