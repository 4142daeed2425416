namespace Sandboxer.Platforms.Linux.Landlock;

/// <summary>How <see cref="LandlockSandbox"/> runs a target.</summary>
internal sealed record SandboxOptions
{
    public static SandboxOptions Default { get; } = new();

    /// <summary>Collect the target's Landlock denials from the audit log (root, ABI 7).</summary>
    public bool CollectDenials { get; init; }
}
