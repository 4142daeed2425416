namespace Sandboxer.Platforms.MacOS.Driver;

/// <summary>The result of <see cref="SandboxExecProbe"/>; the CLI maps "unavailable" to exit 3 with <see cref="Reason"/>.</summary>
internal sealed record SandboxAvailability(bool IsAvailable, string? Reason)
{
    public static SandboxAvailability Available { get; } = new(true, null);

    public static SandboxAvailability Unavailable(string reason) => new(false, reason);
}
