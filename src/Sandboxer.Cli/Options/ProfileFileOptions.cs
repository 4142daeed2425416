using System.CommandLine;
using Sandboxer.Cli.Rendering;
using Sandboxer.Sbpl.Evaluation;

namespace Sandboxer.Cli.Options;

/// <summary>
/// The <c>-f PROFILE</c> (repeatable, evaluated in order as one text) and <c>--sbpl-path DIR</c> options of the
/// commands that run a program under a profile, and loading with <c>HOME</c>, <c>WORKING_DIR</c> and <c>TMPDIR</c>
/// filled from the environment unless given with <c>-D</c>.
/// </summary>
internal sealed class ProfileFileOptions
{
    public ProfileFileOptions()
    {
        Files = new Option<string[]>("--file", "-f")
        {
            Description = "A profile to enforce. Repeatable: several files are evaluated in order as one profile.",
            HelpName = "PROFILE",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        SearchPath = new Option<string[]>("--sbpl-path")
        {
            Description = "A directory searched by (import \"name.sb\"). Repeatable.",
            HelpName = "DIR",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        Define = ParameterOptions.CreateDefine();
    }

    public Option<string[]> Files { get; }

    public Option<string[]> SearchPath { get; }

    public Option<string[]> Define { get; }

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Files);
        command.Options.Add(Define);
        command.Options.Add(SearchPath);
    }

    /// <summary>The parameters: <c>-D</c> values over HOME, WORKING_DIR (the current directory) and TMPDIR from the environment.</summary>
    public Dictionary<string, string> Parameters(ParseResult parseResult)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HOME"] = Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            ["WORKING_DIR"] = Environment.CurrentDirectory,
            ["TMPDIR"] = (Environment.GetEnvironmentVariable("TMPDIR") is { Length: > 0 } tmp ? tmp : "/tmp").TrimEnd('/') is { Length: > 0 } trimmed ? trimmed : "/",
        };
        foreach (var (key, value) in ParameterOptions.Read(parseResult, Define))
        {
            parameters[key] = value;
        }

        return parameters;
    }

    public IReadOnlyList<string> Paths(ParseResult parseResult) =>
        [.. (parseResult.GetValue(Files) ?? []).Select(Path.GetFullPath)];

    public LoadOptions LoadOptions(ParseResult parseResult) => new()
    {
        SearchPaths = [.. (parseResult.GetValue(SearchPath) ?? []).Select(Path.GetFullPath)],
    };

    /// <summary>Loads the profile with <paramref name="parameters"/>; on errors prints them and returns null (exit 2).</summary>
    public LoadResult? Load(ParseResult parseResult, IReadOnlyDictionary<string, string> parameters, TextWriter error)
    {
        var result = ProfileLoader.LoadFiles(Paths(parseResult), parameters, LoadOptions(parseResult));
        if (result.HasErrors)
        {
            DiagnosticPrinter.PrintAll(error, result.Diagnostics.Where(d => d.IsError), result.FindSource);
            return null;
        }

        return result;
    }
}
