using System.Globalization;

namespace Sandboxer.Sbpl.Evaluation;

internal sealed class SchemeInteger(long value) : SchemeValue
{
    public long Value { get; } = value;

    public override string TypeName => "integer";

    public override string Display() => Value.ToString(CultureInfo.InvariantCulture);
}
