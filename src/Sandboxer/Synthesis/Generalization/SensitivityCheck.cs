namespace Sandboxer.Synthesis.Generalization;

/// <summary>
/// Answers whether an absolute path is, or a directory contains, a sensitive location (secrets, credentials,
/// persistence points). Synthesis never widens a rule into one, and flags a literal it had to allow.
/// </summary>
public interface ISensitivityCheck
{
    /// <summary>Why <paramref name="absolutePath"/> is sensitive (it is, or lies inside, a sensitive location), or null.</summary>
    string? Classify(string absolutePath);

    /// <summary>
    /// Like <see cref="Classify"/>, but only when <paramref name="role"/> is the dangerous kind of access there
    /// (reading <c>~/.bashrc</c> is harmless, writing it is not; reading <c>~/.ssh/id_rsa</c> is not).
    /// </summary>
    string? ClassifyFor(string absolutePath, PathRole role);

    /// <summary>The first sensitive location strictly inside <paramref name="absoluteDirectory"/>, or null.</summary>
    string? FindInside(string absoluteDirectory);
}
