namespace Sandboxer.Platforms.Linux.Landlock;

/// <summary>How <see cref="ConfinedLauncher"/> starts the target.</summary>
internal sealed record LaunchOptions
{
    public static LaunchOptions Default { get; } = new();

    /// <summary>A network namespace descriptor to run the target in (see <c>Namespaces.NetworkNamespace</c>), or -1.</summary>
    public int NetworkNamespaceFd { get; init; } = -1;

    /// <summary>Ask the kernel to audit-log denials after the target's exec too (ABI 7); needed to collect denials.</summary>
    public bool LogDenials { get; init; }

    /// <summary>
    /// Name of the enforcing thread (at most 15 characters). The kernel's domain allocation record names it
    /// (<c>comm=</c>), which is how a run recognises its own domain among audit records; unique by default.
    /// </summary>
    public string EnforcingThreadName { get; init; } = NextThreadName();

    private static int _counter;

    private static string NextThreadName() =>
        "sbx-e-" + Interlocked.Increment(ref _counter).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
