using System.Collections.Immutable;

namespace Sandboxer.Synthesis.Generalization;

/// <summary>The set of run indices something was seen in, with value equality.</summary>
public sealed record EquatableRuns(ImmutableSortedSet<int> Indices)
{
    public static EquatableRuns Of(IEnumerable<int> indices) => new(indices.ToImmutableSortedSet());

    public bool Equals(EquatableRuns? other) => other is not null && Indices.SetEquals(other.Indices);

    public override int GetHashCode() => Indices.Aggregate(17, (hash, i) => (hash * 31) + i);
}
