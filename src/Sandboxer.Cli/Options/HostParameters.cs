using System.CommandLine;
using Sandboxer.Platforms.MacOS.Driver;
using Sandboxer.Synthesis;

namespace Sandboxer.Cli.Options;

/// <summary>
/// HOME, WORKING_DIR and TMPDIR as the machine has them (resolved with realpath, so on macOS <c>/tmp</c> is
/// <c>/private/tmp</c>), overridden by <c>-D</c>.
/// </summary>
internal static class HostParameters
{
    public static Dictionary<string, string> Defaults(string? workingDirectory = null)
    {
        var home = Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var temporary = Environment.GetEnvironmentVariable("TMPDIR") is { Length: > 0 } t ? t : "/tmp";
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ProfileParameters.Home] = Resolve(home),
            [ProfileParameters.WorkingDirectory] = Resolve(workingDirectory ?? Environment.CurrentDirectory),
            [ProfileParameters.TemporaryDirectory] = Resolve(temporary),
        };
    }

    /// <summary>The defaults with every <c>-D KEY=VALUE</c> applied on top.</summary>
    public static Dictionary<string, string> Read(ParseResult parseResult, Option<string[]> define, string? workingDirectory = null)
    {
        var parameters = Defaults(workingDirectory);
        foreach (var (key, value) in ParameterOptions.Read(parseResult, define))
        {
            parameters[key] = value;
        }

        return parameters;
    }

    /// <summary>The real path of an existing directory (symlinks resolved), or the absolute path as given.</summary>
    public static string Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        var real = RealPathResolver.Instance.RealPath(full) ?? full;
        return real.Length > 1 ? real.TrimEnd('/') : real;
    }
}
