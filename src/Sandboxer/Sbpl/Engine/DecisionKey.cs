using System.Runtime.CompilerServices;

namespace Sandboxer.Sbpl.Engine;

/// <summary>
/// A certain decision plus up to four shared uncertainties, compared by reference: the key under which the engine keeps
/// the undecidable decision built from them, so repeated undecidable requests allocate nothing.
/// </summary>
internal readonly struct DecisionKey(Decision decision, Uncertainty? a, Uncertainty? b, Uncertainty? c, Uncertainty? d) : IEquatable<DecisionKey>
{
    private readonly Decision _decision = decision;
    private readonly Uncertainty? _a = a;
    private readonly Uncertainty? _b = b;
    private readonly Uncertainty? _c = c;
    private readonly Uncertainty? _d = d;

    public bool Equals(DecisionKey other) =>
        ReferenceEquals(_decision, other._decision) && ReferenceEquals(_a, other._a) && ReferenceEquals(_b, other._b)
        && ReferenceEquals(_c, other._c) && ReferenceEquals(_d, other._d);

    public override bool Equals(object? obj) => obj is DecisionKey other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(
        RuntimeHelpers.GetHashCode(_decision),
        _a is null ? 0 : RuntimeHelpers.GetHashCode(_a),
        _b is null ? 0 : RuntimeHelpers.GetHashCode(_b),
        _c is null ? 0 : RuntimeHelpers.GetHashCode(_c),
        _d is null ? 0 : RuntimeHelpers.GetHashCode(_d));
}
