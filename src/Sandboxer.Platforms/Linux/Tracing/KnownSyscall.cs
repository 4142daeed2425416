namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>A syscall the mapper knows, with its name as one shared string (the events' <c>syscall</c> field).</summary>
internal readonly record struct KnownSyscall(Syscall Kind, string Name);
