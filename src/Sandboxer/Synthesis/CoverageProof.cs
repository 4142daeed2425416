namespace Sandboxer.Synthesis;

/// <summary>
/// The result of replaying every successful access of every observation run through the engine against the
/// synthesized profile: how many were checked, the ones deliberately not granted (network mode, no Seatbelt form),
/// and the misses — which are bugs in synthesis.
/// </summary>
public sealed record CoverageProof(long Checked, long Refused, IReadOnlyList<CoverageMiss> Misses)
{
    public bool Holds => Misses.Count == 0;
}
