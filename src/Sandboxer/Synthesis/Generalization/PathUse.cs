using Sandboxer.Synthesis.Grants;
using Sandboxer.Synthesis.Paths;

namespace Sandboxer.Synthesis.Generalization;

/// <summary>
/// Everything observed about one anchored path for one operation: how often, by whom, in which runs, and whether it
/// was only seen as a denial in an enforced run.
/// </summary>
public sealed record PathUse(AnchoredPath Path, string AbsolutePath, Evidence Evidence, EquatableRuns Runs, bool OnlyDenied);
