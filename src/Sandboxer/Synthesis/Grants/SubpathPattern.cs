using Sandboxer.Synthesis.Paths;

namespace Sandboxer.Synthesis.Grants;

/// <summary><c>(subpath …)</c>: this path and everything below it.</summary>
public sealed record SubpathPattern(AnchoredPath Path) : PathPattern
{
    public override AnchoredPath Root => Path;

    public override bool Covers(AnchoredPath path) => path.IsWithin(Path);

    public override string ToString() => Path + "/**";
}
