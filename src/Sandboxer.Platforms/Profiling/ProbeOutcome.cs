namespace Sandboxer.Platforms.Profiling;

/// <summary>One negative probe: what was attempted, whether the sandbox blocked it, and the evidence.</summary>
internal sealed record ProbeOutcome(string Name, string Attempt, bool Blocked, string Evidence);
