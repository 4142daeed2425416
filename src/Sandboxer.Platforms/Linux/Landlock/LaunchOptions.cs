namespace Sandboxer.Platforms.Linux.Landlock;

/// <summary>How <see cref="ConfinedLauncher"/> starts the target.</summary>
internal sealed record LaunchOptions
{
    public static LaunchOptions Default { get; } = new();

    /// <summary>A network namespace descriptor to run the target in (see <c>Namespaces.NetworkNamespace</c>), or -1.</summary>
    public int NetworkNamespaceFd { get; init; } = -1;

    /// <summary>Ask the kernel to audit-log denials after the target's exec too (ABI 7); needed to collect denials.</summary>
    public bool LogDenials { get; init; }
}
