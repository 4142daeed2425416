namespace Sandboxer.Analysis;

/// <summary>What the linter needs to know beyond the profile.</summary>
/// <param name="Home">The HOME the profile was evaluated with (<c>-D HOME=…</c>), or <see langword="null"/> to use a placeholder.</param>
/// <param name="Platforms">The platforms the profile is for: macOS-only findings (paths under the root symlinks) are
/// skipped for a Linux profile, and secrets are checked for the platforms given.</param>
public sealed record LintOptions(string? Home = null, TargetPlatform Platforms = TargetPlatform.Both);
