using Sandboxer.Events;

namespace Sandboxer.Platforms.Profiling;

/// <summary>
/// One run through a platform backend: how it ended, the events (observed accesses, or the sandbox's denials for an
/// enforced run), and notes to show the user (what was enforced stricter, lossy reporting, …).
/// </summary>
internal sealed record BackendRun(RunOutcome Outcome, IReadOnlyList<AccessEvent> Events, IReadOnlyList<string> Notes)
{
    /// <summary>
    /// Denials of an enforced run that the sandbox did not actually refuse: the profile denies them, but a traced run's
    /// directory-wide grant let them through, so the program's normal outcome says nothing about whether it needs them.
    /// </summary>
    public IReadOnlySet<AccessEvent> LetThrough { get; init; } = new HashSet<AccessEvent>();
}
