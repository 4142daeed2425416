using System.Text;

namespace Sandboxer.Sbpl.Formatting;

/// <summary>An empty line separating sections.</summary>
public sealed record SbplBlankLine : SbplNode
{
    public static SbplBlankLine Instance { get; } = new();

    internal override void Render(StringBuilder builder) => builder.Append('\n');
}
