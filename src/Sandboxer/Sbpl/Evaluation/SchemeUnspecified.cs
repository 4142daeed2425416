namespace Sandboxer.Sbpl.Evaluation;

/// <summary>The value of forms evaluated for their effect (<c>define</c>, <c>allow</c>, a one-armed <c>if</c>).</summary>
internal sealed class SchemeUnspecified : SchemeValue
{
    private SchemeUnspecified()
    {
    }

    public static SchemeUnspecified Instance { get; } = new();

    public override string TypeName => "nothing";

    public override string Display() => "#<unspecified>";
}
