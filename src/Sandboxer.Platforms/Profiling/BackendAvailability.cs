namespace Sandboxer.Platforms.Profiling;

/// <summary>Whether a backend can observe and enforce on this machine, and if not, why and what to install.</summary>
internal sealed record BackendAvailability(bool CanObserve, bool CanEnforce, string? Problem, string? Remedy)
{
    public static BackendAvailability Ready { get; } = new(true, true, null, null);
}
