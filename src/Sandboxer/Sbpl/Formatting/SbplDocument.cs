using System.Text;
using Sandboxer.Collections;

namespace Sandboxer.Sbpl.Formatting;

/// <summary>A whole generated profile: top-level forms, comment lines and blank lines, in order.</summary>
public sealed record SbplDocument(EquatableArray<SbplNode> Items)
{
    /// <summary>The profile text in the canonical style of <see cref="SbplFormatter"/>.</summary>
    public string ToSbpl()
    {
        var builder = new StringBuilder();
        foreach (var item in Items)
        {
            item.Render(builder);
            if (item is not (SbplComment or SbplBlankLine))
            {
                builder.Append('\n');
            }
        }

        return SbplFormatter.Format(builder.ToString(), "<generated>");
    }

    public override string ToString() => ToSbpl();
}
