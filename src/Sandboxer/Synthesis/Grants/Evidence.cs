using Sandboxer.Collections;

namespace Sandboxer.Synthesis.Grants;

/// <summary>What justifies a rule: how many accesses, by which processes, example targets, in how many runs.</summary>
public sealed record Evidence(long Count, EquatableArray<string> Processes, EquatableArray<string> Examples, int Runs)
{
    public const int MaxExamples = 3;

    public static Evidence None { get; } = new(0, [], [], 0);

    public static Evidence Combine(IEnumerable<Evidence> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var list = parts.ToList();
        return new Evidence(
            list.Sum(p => p.Count),
            [.. list.SelectMany(p => p.Processes).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            [.. list.SelectMany(p => p.Examples).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(MaxExamples)],
            list.Count == 0 ? 0 : list.Max(p => p.Runs));
    }
}
