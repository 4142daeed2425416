using Sandboxer.Sbpl.Formatting;

namespace Sandboxer.Sbpl.Evaluation;

internal sealed class SchemeString(string value) : SchemeValue
{
    public string Value { get; } = value;

    public override string TypeName => "string";

    public override string Display() => SbplString.QuoteForDisplay(Value);
}
