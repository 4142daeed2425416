namespace Sandboxer.Analysis.Replay;

/// <summary>What a profile would do to a recording: the accesses it denies, those it may deny, and how many it allows.</summary>
/// <param name="Total">Recorded events, duplicates included.</param>
/// <param name="Allowed">Distinct accesses the profile certainly allows.</param>
/// <param name="Denied">Distinct accesses the profile denies (certainly, or as its primary outcome when undecidable).</param>
/// <param name="Undecidable">Distinct accesses whose outcome depends on something the recording does not say and that could be denied.</param>
public sealed record ReplayResult(long Total, int Allowed, IReadOnlyList<ReplayedEvent> Denied, IReadOnlyList<ReplayedEvent> Undecidable)
{
    /// <summary>True when some access is denied or could be.</summary>
    public bool AnyDenial => Denied.Count > 0 || Undecidable.Count > 0;
}
