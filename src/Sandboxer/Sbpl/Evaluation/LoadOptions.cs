namespace Sandboxer.Sbpl.Evaluation;

/// <summary>How <see cref="ProfileLoader"/> evaluates profiles.</summary>
public sealed record LoadOptions
{
    public static LoadOptions Default { get; } = new();

    /// <summary>Extra directories searched by <c>(import "name.sb")</c> (the CLI's <c>--sbpl-path</c>), after the
    /// importing file's directory and <c>(param "IMPORT_DIR")</c>, before the system directories.</summary>
    public IReadOnlyList<string> SearchPaths { get; init; } = [];

    /// <summary>Where macOS keeps its system profiles. Searched last; on Linux they do not exist, and imports of
    /// Apple's own profiles become <see cref="Policy.UnresolvedImport"/>s.</summary>
    public IReadOnlyList<string> SystemProfileDirectories { get; init; } = ["/System/Library/Sandbox/Profiles", "/usr/share/sandbox"];

    public EvaluationLimits Limits { get; init; } = EvaluationLimits.Default;

    /// <summary>When true (the default, as on macOS), a profile without <c>(version 1)</c> is an error.</summary>
    public bool RequireVersion { get; init; } = true;
}
