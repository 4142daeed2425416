namespace Sandboxer.Sbpl.Evaluation;

internal sealed class SchemeEmptyList : SchemeValue
{
    private SchemeEmptyList()
    {
    }

    public static SchemeEmptyList Instance { get; } = new();

    public override string TypeName => "list";

    public override string Display() => "()";
}
