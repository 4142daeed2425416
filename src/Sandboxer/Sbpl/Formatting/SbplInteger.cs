using System.Globalization;
using System.Text;

namespace Sandboxer.Sbpl.Formatting;

public sealed record SbplInteger(long Value) : SbplNode
{
    internal override void Render(StringBuilder builder) => builder.Append(Value.ToString(CultureInfo.InvariantCulture));
}
