namespace Sandboxer.Sbpl.Evaluation;

/// <summary>Something that can be called: a builtin or a closure.</summary>
internal abstract class SchemeProcedure(string name) : SchemeValue
{
    public string Name { get; } = name;

    public override string TypeName => "procedure";

    public override string Display() => "#<procedure " + Name + ">";
}
