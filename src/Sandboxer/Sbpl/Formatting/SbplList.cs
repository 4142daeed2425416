using System.Text;
using Sandboxer.Collections;

namespace Sandboxer.Sbpl.Formatting;

/// <summary><c>( item… )</c>. Comment items print on their own lines inside the list.</summary>
public sealed record SbplList(EquatableArray<SbplNode> Items) : SbplNode
{
    internal override void Render(StringBuilder builder)
    {
        builder.Append('(');
        var first = true;
        foreach (var item in Items)
        {
            if (item is SbplComment or SbplBlankLine)
            {
                builder.Append('\n');
                item.Render(builder);
                first = true;
                continue;
            }

            if (!first)
            {
                builder.Append(' ');
            }

            item.Render(builder);
            first = false;
        }

        builder.Append(')');
    }
}
