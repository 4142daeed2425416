using Sandboxer.Events;

namespace Sandboxer.Platforms.Profiling;

/// <summary>
/// One run through a platform backend: how it ended, the events (observed accesses, or the sandbox's denials for an
/// enforced run), and notes to show the user (what was enforced stricter, lossy reporting, …).
/// </summary>
internal sealed record BackendRun(RunOutcome Outcome, IReadOnlyList<AccessEvent> Events, IReadOnlyList<string> Notes);
