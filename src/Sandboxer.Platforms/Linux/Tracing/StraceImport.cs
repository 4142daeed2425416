using Sandboxer.Events;

namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>The events read from a saved strace log (aggregated, in first-seen order) and what was read.</summary>
internal sealed record StraceImport(IReadOnlyList<AccessEvent> Events, TraceCounters Counters, long Processes);
