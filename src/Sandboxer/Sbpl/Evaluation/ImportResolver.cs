using System.Text.RegularExpressions;

namespace Sandboxer.Sbpl.Evaluation;

/// <summary>
/// Finds the file of <c>(import "name")</c>. Absolute names are used as they are. Relative names are searched in
/// the importing file's directory, then <c>(param "IMPORT_DIR")</c>, then <see cref="LoadOptions.SearchPaths"/>,
/// then <see cref="LoadOptions.SystemProfileDirectories"/>.
/// </summary>
internal static partial class ImportResolver
{
    /// <summary>Profiles macOS ships in <c>/System/Library/Sandbox/Profiles</c> that real profiles import.</summary>
    private static readonly HashSet<string> AppleProfiles = new(StringComparer.Ordinal)
    {
        "system.sb", "bsd.sb", "application.sb", "dyld-support.sb",
    };

    /// <summary>
    /// True for a bare file name of one of Apple's system profiles: <c>system.sb</c>, <c>bsd.sb</c>,
    /// <c>application.sb</c>, <c>dyld-support.sb</c>, or any <c>com.apple.*.sb</c>. When such a file is missing (as
    /// on Linux) the import is a warning and its rules are unknown; any other missing import is an error.
    /// </summary>
    public static bool IsAppleSystemProfile(string name) => AppleProfiles.Contains(name) || AppleServiceProfile().IsMatch(name);

    public static IReadOnlyList<string> Candidates(string name, string? importingFile, string? importDirectory, LoadOptions options)
    {
        if (name.Length > 0 && Path.IsPathRooted(name))
        {
            return [name];
        }

        var directories = new List<string>();
        if (importingFile is not null && Path.IsPathRooted(importingFile) && Path.GetDirectoryName(importingFile) is { Length: > 0 } own)
        {
            directories.Add(own);
        }

        if (!string.IsNullOrEmpty(importDirectory))
        {
            directories.Add(importDirectory);
        }

        directories.AddRange(options.SearchPaths);
        directories.AddRange(options.SystemProfileDirectories);
        return [.. directories.Distinct(StringComparer.Ordinal).Select(d => Path.Combine(d, name))];
    }

    [GeneratedRegex(@"^com\.apple\.[A-Za-z0-9._-]+\.sb$", RegexOptions.CultureInvariant)]
    private static partial Regex AppleServiceProfile();
}
