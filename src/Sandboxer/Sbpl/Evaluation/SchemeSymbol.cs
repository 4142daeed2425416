namespace Sandboxer.Sbpl.Evaluation;

internal sealed class SchemeSymbol(string name) : SchemeValue
{
    public string Name { get; } = name;

    public override string TypeName => "symbol";

    public override string Display() => Name;
}
