using Sandboxer.Synthesis.Generalization;
using Sandboxer.Synthesis.Grants;

namespace Sandboxer.Synthesis;

/// <summary>
/// What synthesis decided: the grants (sorted, deterministic), what it refused to grant or widen and why, and
/// counts of the events it read.
/// </summary>
public sealed record SynthesisResult(
    IReadOnlyList<Grant> Grants,
    IReadOnlyList<Refusal> Refusals,
    SynthesisStatistics Statistics);
