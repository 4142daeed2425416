namespace Sandboxer.Sbpl.Evaluation;

internal sealed class SchemeCharacter(string value) : SchemeValue
{
    /// <summary>The character (a surrogate pair for characters outside the BMP).</summary>
    public string Value { get; } = value;

    public override string TypeName => "character";

    public override string Display() => Value switch
    {
        " " => "#\\space",
        "\n" => "#\\newline",
        "\t" => "#\\tab",
        "\r" => "#\\return",
        _ => "#\\" + Value,
    };
}
