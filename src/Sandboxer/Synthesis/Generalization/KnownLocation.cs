using Sandboxer.Synthesis.Paths;

namespace Sandboxer.Synthesis.Generalization;

/// <summary>A directory with a known role and the reason a subpath rule on it is acceptable.</summary>
public sealed record KnownLocation(AnchoredPath Path, string Description);
