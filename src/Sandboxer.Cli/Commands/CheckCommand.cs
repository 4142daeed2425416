using System.CommandLine;
using System.Globalization;
using Sandboxer.Analysis;
using Sandboxer.Cli.Options;
using Sandboxer.Cli.Profiles;
using Sandboxer.Cli.Rendering;
using Sandboxer.Diagnostics;
using Sandboxer.Modes;
using Sandboxer.Sbpl.Engine;

namespace Sandboxer.Cli.Commands;

/// <summary>
/// <c>sandboxer check PROFILE... [-D K=V]... [--format text|json|sarif] [--strict] [--sbpl-path DIR]</c>: parses and
/// evaluates the profile, then lints it. Errors exit 2; warnings exit 0, or 1 with <c>--strict</c>. Findings go to
/// stdout as <c>file:line:column: severity CODE: message</c> with the source line, or as JSON or SARIF 2.1.0.
/// </summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var profiles = new Argument<string[]>("PROFILE") { Description = "Profile files, evaluated in order as one profile.", Arity = ArgumentArity.OneOrMore };
        var define = ParameterOptions.CreateDefine();
        var format = new Option<string>("--format") { Description = "Output format.", DefaultValueFactory = _ => "text", HelpName = "text|json|sarif" };
        format.AcceptOnlyFromAmong("text", "json", "sarif");
        var strict = new Option<bool>("--strict") { Description = "Exit 1 when there are warnings." };
        var searchPath = ProfileInput.CreateSearchPath();
        var platform = new Option<string>("--platform")
        {
            Description = "The platform the profile is for: auto (a generated profile's header, else both), macos, linux or both.",
            DefaultValueFactory = _ => "auto",
            HelpName = "auto|macos|linux|both",
        };
        platform.AcceptOnlyFromAmong("auto", "macos", "linux", "both");
        var command = new Command("check", "Parse, evaluate and lint a profile: syntax and evaluation errors, weak rules, reachable secrets.")
        {
            profiles,
            define,
            format,
            strict,
            searchPath,
            platform,
        };
        command.SetAction(parseResult =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            if (ProfileInput.Resolve(parseResult.GetRequiredValue(profiles), stderr) is not { } paths)
            {
                return ExitCodes.Usage;
            }

            var parameters = new Dictionary<string, string>(ParameterOptions.Read(parseResult, define), StringComparer.Ordinal);
            var header = GeneratedProfileInfo.Read(File.ReadAllText(paths[0]));
            var platforms = parseResult.GetValue(platform) switch
            {
                "macos" => TargetPlatform.MacOS,
                "linux" => TargetPlatform.Linux,
                "both" => TargetPlatform.Both,
                _ => header?.Platform switch { "linux" => TargetPlatform.Linux, "macos" => TargetPlatform.MacOS, _ => TargetPlatform.Both },
            };
            var notes = new List<Diagnostic>();
            foreach (var name in header?.Parameters ?? [])
            {
                // A generated profile names the parameters it needs: check it with placeholders for the ones not given.
                if (!parameters.ContainsKey(name) && Placeholder(name, platforms) is { } value)
                {
                    parameters[name] = value;
                    notes.Add(new Diagnostic("SBPL4100", DiagnosticSeverity.Info, $"parameter {name} not given (-D {name}=…); checked with the placeholder {value}", null));
                }
            }

            var loaded = ProfileInput.Load(paths, parameters, parseResult.GetValue(searchPath) ?? []);
            var diagnostics = new List<Diagnostic>(notes.Concat(loaded.Diagnostics));
            if (!loaded.HasErrors)
            {
                var engine = PolicyEngine.Compile(loaded.Profile);
                diagnostics.AddRange(engine.Diagnostics);
                diagnostics.AddRange(ProfileLinter.Lint(engine, new LintOptions(parameters.GetValueOrDefault("HOME"), platforms)));
            }

            Write(stdout, parseResult.GetValue(format) ?? "text", paths, diagnostics, loaded);
            if (diagnostics.Any(d => d.IsError))
            {
                return ExitCodes.Usage;
            }

            return parseResult.GetValue(strict) && diagnostics.Any(d => d.Severity == DiagnosticSeverity.Warning) ? ExitCodes.Findings : ExitCodes.Success;
        });
        return command;
    }

    private static void Write(TextWriter stdout, string format, IReadOnlyList<string> paths, List<Diagnostic> diagnostics, Sbpl.Evaluation.LoadResult loaded)
    {
        switch (format)
        {
            case "json":
                JsonOutput.Write(stdout, writer => DiagnosticReports.WriteJson(writer, paths, diagnostics));
                break;
            case "sarif":
                JsonOutput.Write(stdout, writer => DiagnosticReports.WriteSarif(writer, diagnostics));
                break;
            default:
                DiagnosticPrinter.PrintAll(stdout, diagnostics, loaded.FindSource);
                var errors = diagnostics.Count(d => d.IsError);
                var warnings = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning);
                stdout.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{string.Join(", ", paths.Select(Path.GetFileName))}: {errors} error{(errors == 1 ? string.Empty : "s")}, {warnings} warning{(warnings == 1 ? string.Empty : "s")}"));
                break;
        }
    }

    private static string? Placeholder(string parameter, TargetPlatform platforms) => parameter switch
    {
        "HOME" => SensitiveLocations.PlaceholderHome(platforms == TargetPlatform.Linux ? TargetPlatform.Linux : TargetPlatform.MacOS),
        "WORKING_DIR" => platforms == TargetPlatform.Linux ? "/home/user/project" : "/Users/user/project",
        "TMPDIR" => platforms == TargetPlatform.Linux ? "/tmp/sandboxer-check" : "/private/var/folders/xx/sandboxer-check/T",
        _ => null,
    };
}
