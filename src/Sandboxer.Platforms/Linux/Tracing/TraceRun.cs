using Sandboxer.Platforms.Processes;

namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>The result of tracing one run: how the program ended and what the trace held.</summary>
internal sealed record TraceRun(TargetOutcome Outcome, TraceCounters Counters, long Processes)
{
    /// <summary>strace produced no line at all: it failed before running the program (its message went to stderr).</summary>
    public bool TraceMissing => Counters.Lines == 0;
}
