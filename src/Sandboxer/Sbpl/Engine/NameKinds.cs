using System.Collections.Frozen;

namespace Sandboxer.Sbpl.Engine;

/// <summary>
/// Which name filters test the name of a request for a given operation. A request names one thing (a mach service, a
/// sysctl, a POSIX IPC object, …); the operation says which namespace it is in. For mach operations a request's name
/// is taken as a global (bootstrap) name: <c>local-name</c> and <c>xpc-service-name</c> filters with the same string
/// may or may not match it, so they answer "unknown" rather than guess.
/// </summary>
internal static class NameKinds
{
    private static readonly FrozenSet<string> Known = FrozenSet.ToFrozenSet(
    [
        "global-name", "local-name", "xpc-service-name", "sysctl-name", "ipc-posix-name", "preference-domain",
        "iokit-registry-entry-class", "iokit-user-client-class", "notification-name", "right-name",
        "appleevent-destination", "nvram-variable", "kext-bundle-id", "control-name", "mac-policy-name", "boot-arg",
    ], StringComparer.Ordinal);

    /// <summary>
    /// True for name filters that test the name a request is about (a mach service, a sysctl, …). Other name-shaped
    /// filters (<c>xattr</c>, <c>iokit-property</c>, <c>info-type</c>, <c>filesystem-name</c>, …) test a property of
    /// the request, which it carries, if at all, among its attributes.
    /// </summary>
    public static bool IsTargetName(string kind) => Known.Contains(kind);

    public static NameKindMatch Classify(string canonicalOperation, string kind)
    {
        var (primary, secondary) = Families(canonicalOperation);
        if (primary.Contains(kind))
        {
            return NameKindMatch.Exact;
        }

        if (secondary.Contains(kind))
        {
            return NameKindMatch.Ambiguous;
        }

        return Known.Contains(kind) ? NameKindMatch.Foreign : NameKindMatch.Unknown;
    }

    private static (string[] Primary, string[] Secondary) Families(string operation)
    {
        if (operation.StartsWith("mach", StringComparison.Ordinal))
        {
            return (["global-name"], ["local-name", "xpc-service-name"]);
        }

        if (operation.StartsWith("sysctl", StringComparison.Ordinal))
        {
            return (["sysctl-name"], []);
        }

        if (operation.StartsWith("ipc-posix", StringComparison.Ordinal))
        {
            return (["ipc-posix-name"], []);
        }

        if (operation.StartsWith("user-preference", StringComparison.Ordinal) || operation.StartsWith("managed-preference", StringComparison.Ordinal))
        {
            return (["preference-domain"], []);
        }

        if (operation.StartsWith("iokit", StringComparison.Ordinal))
        {
            return (["iokit-registry-entry-class", "iokit-user-client-class"], []);
        }

        if (operation.EndsWith("notification-post", StringComparison.Ordinal))
        {
            return (["notification-name"], []);
        }

        if (operation.StartsWith("nvram", StringComparison.Ordinal))
        {
            return (["nvram-variable"], []);
        }

        if (operation.StartsWith("system-kext", StringComparison.Ordinal))
        {
            return (["kext-bundle-id"], []);
        }

        if (operation.StartsWith("network", StringComparison.Ordinal) || operation == "system-socket")
        {
            return (["control-name"], []);
        }

        return operation switch
        {
            "authorization-right-obtain" => (["right-name"], []),
            "appleevent-send" => (["appleevent-destination"], []),
            "system-mac-syscall" => (["mac-policy-name"], []),
            "boot-arg-set" => (["boot-arg"], []),
            _ => ([], []),
        };
    }
}

/// <summary>How a name filter's kind relates to the names an operation's requests carry.</summary>
internal enum NameKindMatch
{
    /// <summary>The filter tests the request's name.</summary>
    Exact,

    /// <summary>The filter may test the request's name (another namespace of the same operation).</summary>
    Ambiguous,

    /// <summary>The filter tests names this operation never carries.</summary>
    Foreign,

    /// <summary>A name filter the engine does not know.</summary>
    Unknown,
}
