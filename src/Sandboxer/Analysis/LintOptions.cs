namespace Sandboxer.Analysis;

/// <summary>What the linter needs to know beyond the profile.</summary>
/// <param name="Home">The HOME the profile was evaluated with (<c>-D HOME=…</c>), or <see langword="null"/> to use a placeholder.</param>
public sealed record LintOptions(string? Home = null);
