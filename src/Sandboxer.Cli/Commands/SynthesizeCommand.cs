using System.CommandLine;
using System.Globalization;
using System.Reflection;
using Sandboxer.Cli.IO;
using Sandboxer.Cli.Options;
using Sandboxer.Events;
using Sandboxer.Synthesis;
using Sandboxer.Synthesis.Generalization;
using Sandboxer.Synthesis.Rendering;

namespace Sandboxer.Cli.Commands;

/// <summary>
/// <c>sandboxer synthesize EVENTS.jsonl… [-o FILE] [-D K=V]… [--network …] [--mode NAME] [--platform …]</c>: builds a
/// profile from recorded events without running anything — the same synthesis <c>profile</c> uses. Each events file is
/// one run (so names that differ between files are generalized); denied events (from <c>run --denials</c>) count as an
/// enforced run. The coverage proof must hold: a profile that would deny a recorded successful access is a bug (exit 1).
/// </summary>
internal static class SynthesizeCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("events")
        {
            Description = "Event files (JSON Lines from trace, import-log or run --denials); several are merged.",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--output", "-o") { Description = "Write the profile to FILE instead of stdout.", HelpName = "FILE" };
        var force = new Option<bool>("--force") { Description = "Overwrite the output file if it exists." };
        var define = ParameterOptions.CreateDefine();
        var choices = new PolicyChoiceOptions();
        var command = new Command("synthesize", "Build a minimal profile from recorded events, without running anything.");
        command.Arguments.Add(files);
        command.Options.Add(output);
        command.Options.Add(force);
        command.Options.Add(define);
        choices.AddTo(command);
        command.SetAction(parseResult => Run(parseResult, parseResult.GetRequiredValue(files), parseResult.GetValue(output), parseResult.GetValue(force), define, choices));
        return command;
    }

    private static int Run(ParseResult parseResult, string[] files, string? output, bool force, Option<string[]> define, PolicyChoiceOptions choices)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        var stderr = parseResult.InvocationConfiguration.Error;
        var parameters = HostParameters.Read(parseResult, define);
        var runs = new List<ObservedRun>();
        foreach (var file in files)
        {
            var path = Path.GetFullPath(file);
            if (!File.Exists(path))
            {
                stderr.WriteLine($"sandboxer: {path}: no such file");
                return ExitCodes.Usage;
            }

            List<AccessEvent> events;
            try
            {
                using var reader = new StreamReader(path);
                events = [.. EventJson.ReadAll(reader, path)];
            }
            catch (EventFormatException exception)
            {
                stderr.WriteLine("sandboxer: " + exception.Message);
                return ExitCodes.Usage;
            }

            var temporary = parameters[ProfileParameters.TemporaryDirectory];
            var observed = events.Where(e => !e.Result.IsDenied).ToList();
            var denied = events.Where(e => e.Result.IsDenied).ToList();
            if (observed.Count > 0 || denied.Count == 0)
            {
                runs.Add(new ObservedRun(RunKind.Observe, runs.Count, temporary, observed));
            }

            if (denied.Count > 0)
            {
                runs.Add(new ObservedRun(RunKind.Enforce, runs.Count, temporary, denied));
            }
        }

        var platform = choices.ReadPlatform(parseResult);
        var context = new SynthesisContext
        {
            Platform = platform,
            Home = parameters[ProfileParameters.Home],
            WorkingDirectory = parameters[ProfileParameters.WorkingDirectory],
            Sensitivity = new CatalogSensitivity(parameters[ProfileParameters.Home], platform),
            Network = choices.ReadNetwork(parseResult),
            Mode = choices.ReadMode(parseResult),
            PlatformBase = platform == Analysis.TargetPlatform.MacOS ? Synthesis.Platforms.MacOSBase.Grants(choices.ReadNetwork(parseResult) != NetworkMode.None) : [],
        };
        var header = new ProfileHeader([], context.Mode, platform, context.Network, runs.Count(r => r.Kind == RunKind.Observe), ToolVersion);
        var synthesized = SynthesisPipeline.Run(runs, context, header);
        foreach (var refusal in synthesized.Result.Refusals)
        {
            stderr.WriteLine($"sandboxer: not granted: {refusal.Operation} {refusal.Target}: {refusal.Reason}");
        }

        if (!synthesized.IsSound)
        {
            foreach (var diagnostic in synthesized.Diagnostics)
            {
                stderr.WriteLine("sandboxer: " + diagnostic);
            }

            foreach (var miss in synthesized.Proof.Misses.Take(20))
            {
                stderr.WriteLine($"sandboxer: coverage proof failed: {miss.Event.Operation} {SynthesisPipeline.TargetOf(miss.Event)}: {miss.Explanation}");
            }

            stderr.WriteLine("sandboxer: this is a bug in synthesis; the profile was not written");
            return ExitCodes.Findings;
        }

        if (output is null)
        {
            stdout.Write(synthesized.Text);
        }
        else
        {
            try
            {
                AtomicFile.WriteAllText(output, synthesized.Text, overwrite: force);
            }
            catch (FileExistsException exception)
            {
                stderr.WriteLine("sandboxer: " + exception.Message);
                return ExitCodes.Usage;
            }
        }

        stderr.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"sandboxer: {synthesized.Result.Grants.Count} grants from {synthesized.Result.Statistics.Used} events in {runs.Count} run(s); coverage proof: {synthesized.Proof.Checked} accesses allowed"));
        return ExitCodes.Success;
    }

    internal static string ToolVersion =>
        typeof(SynthesizeCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";
}
