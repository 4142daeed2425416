using System.Text;

namespace Sandboxer.Sbpl.Formatting;

public sealed record SbplBoolean(bool Value) : SbplNode
{
    internal override void Render(StringBuilder builder) => builder.Append(Value ? "#t" : "#f");
}
