namespace Sandboxer.Platforms.Profiling;

/// <summary>What the loop is doing now, for a progress display.</summary>
internal sealed record ProfilingProgress(string Stage, string Detail);
