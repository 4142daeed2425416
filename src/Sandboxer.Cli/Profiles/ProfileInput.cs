using System.CommandLine;
using Sandboxer.Cli.Options;
using Sandboxer.Cli.Rendering;
using Sandboxer.Sbpl.Evaluation;

namespace Sandboxer.Cli.Profiles;

/// <summary>
/// Loads the profile files a command is given (several files are one profile, evaluated in order) with the
/// <c>-D</c> parameters and <c>--sbpl-path</c> import directories, reporting missing files and evaluation errors.
/// </summary>
internal static class ProfileInput
{
    public static Option<string[]> CreateSearchPath() => new("--sbpl-path")
    {
        Description = "A directory searched by (import \"name.sb\") before the system profile directories. Repeatable.",
        HelpName = "DIR",
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>The absolute paths, or <see langword="null"/> after telling which file does not exist.</summary>
    public static IReadOnlyList<string>? Resolve(IEnumerable<string> files, TextWriter stderr)
    {
        var paths = files.Select(Path.GetFullPath).ToList();
        foreach (var path in paths.Where(p => !File.Exists(p)))
        {
            stderr.WriteLine($"sandboxer: {path}: no such file");
            return null;
        }

        return paths;
    }

    public static LoadResult Load(IReadOnlyList<string> paths, IReadOnlyDictionary<string, string> parameters, IReadOnlyList<string> searchPaths) =>
        ProfileLoader.LoadFiles(paths, parameters, LoadOptions.Default with { SearchPaths = [.. searchPaths.Select(Path.GetFullPath)] });

    /// <summary>
    /// Loads the profile for a command that needs a valid one: on errors prints every diagnostic (with source lines) to
    /// stderr and returns <see langword="null"/>; warnings are printed too.
    /// </summary>
    public static LoadResult? LoadValid(ParseResult parseResult, IEnumerable<string> files, Option<string[]> define, Option<string[]> searchPath, TextWriter stderr)
    {
        if (Resolve(files, stderr) is not { } paths)
        {
            return null;
        }

        var result = Load(paths, ParameterOptions.Read(parseResult, define), parseResult.GetValue(searchPath) ?? []);
        if (result.HasErrors)
        {
            DiagnosticPrinter.PrintAll(stderr, result.Diagnostics, result.FindSource);
            return null;
        }

        return result;
    }
}
