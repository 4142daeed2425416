namespace Sandboxer.Synthesis.Generalization;

/// <summary>
/// Answers whether an absolute path is, or a directory contains, a sensitive location (secrets, credentials,
/// persistence points). Synthesis never widens a rule into one.
/// </summary>
public interface ISensitivityCheck
{
    /// <summary>Why <paramref name="absolutePath"/> is sensitive (it is, or lies inside, a sensitive location), or null.</summary>
    string? Classify(string absolutePath);

    /// <summary>The first sensitive location strictly inside <paramref name="absoluteDirectory"/>, or null.</summary>
    string? FindInside(string absoluteDirectory);
}
