namespace Sandboxer.Platforms.Profiling;

/// <summary>
/// Where the time of <c>sandboxer profile</c> went: the runs (each with its set-up: sandbox, tracer, namespace), the
/// target's own share of them, synthesis with its coverage proof, and the negative probes. The rest of the elapsed time
/// is start-up and writing.
/// </summary>
internal sealed record ProfilingPhases(TimeSpan Runs, TimeSpan Target, TimeSpan Synthesis, TimeSpan Probes);
