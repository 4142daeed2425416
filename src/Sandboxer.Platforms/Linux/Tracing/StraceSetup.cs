namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>The strace a trace runs (resolved path) and the pipe it writes the trace into.</summary>
internal sealed record StraceSetup(string Strace, string TracePipe);
