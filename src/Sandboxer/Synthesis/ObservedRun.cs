namespace Sandboxer.Synthesis;

/// <summary>
/// The events of one run of the target, with the private temporary directory that run was given (each run gets a
/// fresh one, so temporary names vary between runs and the TMPDIR grant exposes nothing else).
/// </summary>
public sealed record ObservedRun(RunKind Kind, int Index, string? TemporaryDirectory, IReadOnlyList<Events.AccessEvent> Events);
