namespace Sandboxer.Synthesis.Grants;

/// <summary>What a synthesized rule applies to: paths, a network address, a name, a signal target, or everything.</summary>
public abstract record GrantTarget;

/// <summary>Paths (files, executables, unix sockets on network operations).</summary>
public sealed record PathTarget(PathPattern Pattern) : GrantTarget;

/// <summary>
/// A network address: <c>(remote tcp "localhost:5432")</c>, <c>(local tcp "*:8080")</c>. <see cref="Protocol"/> is
/// <c>tcp</c>, <c>udp</c> or <c>ip</c>; <see cref="Port"/> <see langword="null"/> means <c>*</c>.
/// </summary>
public sealed record NetworkTarget(Sbpl.Policy.NetworkSide Side, string Protocol, Sbpl.Policy.NetworkHost Host, int? Port) : GrantTarget;

/// <summary>A name filter such as <c>(global-name "com.apple.logd")</c> or <c>(sysctl-name "kern.osversion")</c>.</summary>
public sealed record NameTarget(string FilterKind, string Name) : GrantTarget;

/// <summary><c>(target self)</c>, <c>(target children)</c>, … for <c>signal</c>.</summary>
public sealed record SignalTarget(string Target) : GrantTarget;

/// <summary>An unfiltered rule: <c>(allow process-fork)</c>, <c>(allow file-read-metadata)</c>.</summary>
public sealed record Unfiltered : GrantTarget
{
    public static Unfiltered Instance { get; } = new();
}
