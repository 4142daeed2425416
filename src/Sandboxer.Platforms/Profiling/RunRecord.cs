using Sandboxer.Synthesis;

namespace Sandboxer.Platforms.Profiling;

/// <summary>One run the loop made: its kind, index, outcome, how many events or denials it produced, and whether it was normal.</summary>
/// <param name="Denials">For enforced runs: what the sandbox denied (operation and target), for the report.</param>
internal sealed record RunRecord(RunKind Kind, int Index, RunOutcome Outcome, int Events, bool Normal, IReadOnlyList<string> Notes, IReadOnlyList<string> Denials);
