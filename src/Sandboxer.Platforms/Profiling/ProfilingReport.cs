using Sandboxer.Platforms.Probes;
using Sandboxer.Synthesis;
using Sandboxer.Synthesis.Generalization;

namespace Sandboxer.Platforms.Profiling;

/// <summary>
/// The result of <c>sandboxer profile</c>: the profile, whether it is verified (the target ran normally under enforcement
/// with no denials in the verify runs, and no probe leaked), every run made, what was refused, the probe results.
/// </summary>
internal sealed record ProfilingReport(
    SynthesizedProfile Profile,
    bool Verified,
    string Status,
    IReadOnlyList<RunRecord> Runs,
    int Iterations,
    IReadOnlyList<Refusal> Refusals,
    IReadOnlyList<ProbeResult> Probes,
    IReadOnlyList<string> Notes,
    TimeSpan Elapsed)
{
    /// <summary>Where the time went.</summary>
    public ProfilingPhases Phases { get; init; } = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    public int Count(RunKind kind) => Runs.Count(r => r.Kind == kind);

    public bool Interrupted => Runs.Any(r => r.Outcome.Interrupted);
}
