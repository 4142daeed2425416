namespace Sandboxer.Analysis.Diff;

/// <summary>The semantic difference of two profiles.</summary>
public sealed record DiffResult(IReadOnlyList<DiffEntry> Differences)
{
    public bool Identical => Differences.Count == 0;
}
