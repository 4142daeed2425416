using Sandboxer.Synthesis.Paths;

namespace Sandboxer.Synthesis.Grants;

/// <summary>How a synthesized rule names paths: exactly, a whole subtree, or a regular expression.</summary>
public abstract record PathPattern
{
    /// <summary>True when the pattern covers <paramref name="path"/> (both anchored the same way).</summary>
    public abstract bool Covers(AnchoredPath path);

    /// <summary>The anchored path the pattern is rooted at (for sorting and grouping).</summary>
    public abstract AnchoredPath Root { get; }
}
