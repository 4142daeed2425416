namespace Sandboxer.Sbpl.Evaluation;

/// <summary>
/// <c>#t</c> or <c>#f</c>. A <c>#f</c> returned by <c>(param "KEY")</c> for an undefined parameter remembers the key,
/// so a later type error can say which <c>-D</c> is missing.
/// </summary>
internal sealed class SchemeBoolean : SchemeValue
{
    private SchemeBoolean(bool value, string? missingParameter)
    {
        Value = value;
        MissingParameter = missingParameter;
    }

    public static SchemeBoolean True { get; } = new(true, null);

    public static SchemeBoolean False { get; } = new(false, null);

    public bool Value { get; }

    /// <summary>The parameter whose absence produced this <c>#f</c>, if any.</summary>
    public string? MissingParameter { get; }

    public override string TypeName => "boolean";

    public override bool IsTrue => Value;

    public static SchemeBoolean Of(bool value) => value ? True : False;

    public static SchemeBoolean MissingParameterValue(string key) => new(false, key);

    /// <summary>A boolean written in a file, carrying its origin.</summary>
    public static SchemeBoolean Literal(bool value, SourceRef origin) => new(value, null) { Origin = origin };

    public override string Display() => Value ? "#t" : "#f";
}
