using Sandboxer.Sbpl.Engine;

namespace Sandboxer.Analysis.Diff;

/// <summary>
/// One access that one profile allows and the other denies. <see cref="Operation"/> may be a wildcard
/// (<c>file-read*</c>, <c>default</c>) when every operation it covers differs the same way.
/// </summary>
public sealed record DiffEntry(string Operation, DiffTarget Target, DiffSide AllowedBy, Decision InA, Decision InB)
{
    /// <summary>False when either decision is undecidable.</summary>
    public bool IsCertain => InA.IsCertain && InB.IsCertain;
}
