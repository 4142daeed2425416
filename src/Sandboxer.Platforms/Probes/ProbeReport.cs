using Sandboxer.Diagnostics;

namespace Sandboxer.Platforms.Probes;

/// <summary>Every probe's result plus the plan's own diagnostics (what Linux enforced stricter or not at all).</summary>
public sealed record ProbeReport(IReadOnlyList<ProbeResult> Results, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool AnyLeak => Results.Any(r => r.IsLeak);
}
