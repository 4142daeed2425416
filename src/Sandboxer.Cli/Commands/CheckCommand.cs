using System.CommandLine;
using System.Globalization;
using Sandboxer.Analysis;
using Sandboxer.Cli.Options;
using Sandboxer.Cli.Profiles;
using Sandboxer.Cli.Rendering;
using Sandboxer.Diagnostics;
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
        var command = new Command("check", "Parse, evaluate and lint a profile: syntax and evaluation errors, weak rules, reachable secrets.")
        {
            profiles,
            define,
            format,
            strict,
            searchPath,
        };
        command.SetAction(parseResult =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            if (ProfileInput.Resolve(parseResult.GetRequiredValue(profiles), stderr) is not { } paths)
            {
                return ExitCodes.Usage;
            }

            var parameters = ParameterOptions.Read(parseResult, define);
            var loaded = ProfileInput.Load(paths, parameters, parseResult.GetValue(searchPath) ?? []);
            var diagnostics = new List<Diagnostic>(loaded.Diagnostics);
            if (!loaded.HasErrors)
            {
                var engine = PolicyEngine.Compile(loaded.Profile);
                diagnostics.AddRange(engine.Diagnostics);
                diagnostics.AddRange(ProfileLinter.Lint(engine, new LintOptions(parameters.GetValueOrDefault("HOME"))));
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
}
