using Sandboxer.Diagnostics;

namespace Sandboxer.Platforms.Linux.Landlock;

/// <summary>A target spawned under Landlock: its pid, launch diagnostics, and tool threads found carrying the sandbox (always empty unless the runtime misbehaved).</summary>
internal sealed record ConfinedSpawn(int Pid, IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyList<int> RestrictedToolThreads);
