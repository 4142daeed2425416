using Sandboxer.Synthesis;

namespace Sandboxer.Platforms.Profiling;

/// <summary>One run the loop made: its kind, index, outcome, how many events or denials it produced, and whether it was normal.</summary>
internal sealed record RunRecord(RunKind Kind, int Index, RunOutcome Outcome, int Events, bool Normal, IReadOnlyList<string> Notes);
