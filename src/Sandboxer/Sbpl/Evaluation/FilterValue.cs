using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Sbpl.Evaluation;

/// <summary>An evaluated filter, e.g. the value of <c>(subpath "/usr")</c>. <see cref="Depth"/> is how deeply
/// combinators nest inside it, kept so hostile profiles cannot build filters too deep to walk.</summary>
internal sealed class FilterValue(Filter filter, int depth = 1) : SchemeValue
{
    public Filter Filter { get; } = filter;

    public int Depth { get; } = depth;

    public override string TypeName => "filter";

    public override string Display() => Depth > 8 ? "#<filter>" : "#<filter " + Filter + ">";
}
