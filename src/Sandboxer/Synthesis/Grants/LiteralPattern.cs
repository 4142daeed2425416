using Sandboxer.Synthesis.Paths;

namespace Sandboxer.Synthesis.Grants;

/// <summary><c>(literal …)</c>: exactly this path.</summary>
public sealed record LiteralPattern(AnchoredPath Path) : PathPattern
{
    public override AnchoredPath Root => Path;

    public override bool Covers(AnchoredPath path) => Path == path;

    public override string ToString() => Path.ToString();
}
