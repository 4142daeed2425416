using System.Collections.Frozen;

namespace Sandboxer.Sbpl.Policy;

/// <summary>
/// The Seatbelt operation table: every operation with its fallback parent and terminal built-in decision,
/// plus the aliases the SBPL library binds to the same operation. Source: the 10.15 table extracted from
/// libsandbox (see docs/sbpl-language.md §2b), with later operations seen in real profiles.
/// </summary>
public static class OperationCatalog
{
    public const string Default = "default";

    private static readonly FrozenDictionary<string, OperationInfo> Operations = Build();

    private static readonly FrozenDictionary<string, string> AliasMap = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["process-exec"] = "process-exec*",
        ["ipc-posix-sem"] = "ipc-posix-sem*",
        ["ipc-posix-shm"] = "ipc-posix-shm*",
        ["ipc-posix-shm-read*"] = "ipc-posix-shm-read-data",
        // sbpl_v1.scm binds sysctl-write to the sysctl* operation object, so such a rule also covers reads.
        ["sysctl-write"] = "sysctl*",
        ["system-misc"] = "system*",
        ["time-set"] = "system-set-time",
        ["file-fsctl"] = "system-fsctl",
        ["file-unlink"] = "file-write-unlink",
        ["file-write-mount"] = "file-mount",
        ["file-write-unmount"] = "file-unmount",
        ["file-write-umount"] = "file-unmount",
        ["file-issue-extension*"] = "file-issue-extension",
        ["file-issue-extension-read"] = "file-issue-extension",
        ["file-issue-extension-write"] = "file-issue-extension",
        ["mach-extension"] = "mach-issue-extension",
        ["managed-preference*"] = "managed-preference-read",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every known canonical operation.</summary>
    public static IEnumerable<OperationInfo> All => Operations.Values.OrderBy(o => o.Name, StringComparer.Ordinal);

    /// <summary>Alias name → canonical name.</summary>
    public static IReadOnlyDictionary<string, string> Aliases => AliasMap;

    public static bool IsKnown(string name) => Operations.ContainsKey(name) || AliasMap.ContainsKey(name);

    /// <summary>The canonical name for <paramref name="name"/> (aliases resolved; unknown names unchanged).</summary>
    public static string Canonicalize(string name) => AliasMap.TryGetValue(name, out var canonical) ? canonical : name;

    /// <summary>
    /// Looks up an operation. Unknown names are accepted (newer macOS versions add operations): they fall back to
    /// the nearest known wildcard whose stem prefixes the name (<c>iokit-foo</c> → <c>iokit*</c>), else to <c>default</c>.
    /// </summary>
    public static OperationInfo Get(string name)
    {
        var canonical = Canonicalize(name);
        if (Operations.TryGetValue(canonical, out var info))
        {
            return info;
        }

        return new OperationInfo(canonical, GuessFallback(canonical), TerminalDefault.None, IsKnown: false);
    }

    /// <summary>The operation followed by its fallback chain, ending with <c>default</c>.</summary>
    public static IReadOnlyList<OperationInfo> Chain(string name)
    {
        var chain = new List<OperationInfo>();
        var current = Get(name);
        while (true)
        {
            chain.Add(current);
            if (current.Fallback is null || chain.Count > 16)
            {
                return chain;
            }

            current = Get(current.Fallback);
        }
    }

    /// <summary>True when <paramref name="ancestor"/> is <paramref name="operation"/> or on its fallback chain.</summary>
    public static bool IsCoveredBy(string operation, string ancestor)
    {
        var canonical = Canonicalize(ancestor);
        return Chain(operation).Any(o => o.Name == canonical);
    }

    /// <summary>All known operations whose chain contains <paramref name="name"/> (the operation and its descendants).</summary>
    public static IEnumerable<OperationInfo> Descendants(string name)
    {
        var canonical = Canonicalize(name);
        return All.Where(o => Chain(o.Name).Any(c => c.Name == canonical));
    }

    private static string GuessFallback(string name)
    {
        var stem = name.TrimEnd('*');
        for (var cut = stem.LastIndexOf('-'); cut > 0; cut = stem.LastIndexOf('-', cut - 1))
        {
            var candidate = stem[..cut] + "*";
            if (Operations.ContainsKey(candidate))
            {
                return candidate;
            }

            var plain = stem[..cut];
            if (Operations.TryGetValue(plain, out var parent) && !parent.IsTerminal)
            {
                return plain;
            }
        }

        return Default;
    }

    private static void Add(Dictionary<string, OperationInfo> map, string name, string? fallback, TerminalDefault terminal) =>
        map.Add(name, new OperationInfo(name, fallback, terminal));

    private static FrozenDictionary<string, OperationInfo> Build()
    {
        var map = new Dictionary<string, OperationInfo>(StringComparer.Ordinal);
        Add(map, "default", null, TerminalDefault.Deny);
        Add(map, "appleevent-send", "default", TerminalDefault.None);
        Add(map, "authorization-right-obtain", "default", TerminalDefault.None);
        Add(map, "boot-arg-set", "default", TerminalDefault.None);
        Add(map, "device*", "default", TerminalDefault.None);
        Add(map, "device-camera", "device*", TerminalDefault.None);
        Add(map, "device-microphone", "device*", TerminalDefault.None);
        Add(map, "darwin-notification-post", "default", TerminalDefault.Allow);
        Add(map, "distributed-notification-post", "default", TerminalDefault.None);
        Add(map, "dynamic-code-generation", "default", TerminalDefault.Allow);
        Add(map, "file*", "default", TerminalDefault.None);
        Add(map, "file-chroot", "file*", TerminalDefault.None);
        Add(map, "file-clone", "default", TerminalDefault.Allow);
        Add(map, "file-ioctl", "file*", TerminalDefault.None);
        Add(map, "file-issue-extension", "file*", TerminalDefault.None);
        Add(map, "file-link", "default", TerminalDefault.Allow);
        Add(map, "file-map-executable", "default", TerminalDefault.Allow);
        Add(map, "file-mknod", "file*", TerminalDefault.None);
        Add(map, "file-mount", "file*", TerminalDefault.None);
        Add(map, "file-mount-update", "file-mount", TerminalDefault.None);
        Add(map, "file-read*", "file*", TerminalDefault.None);
        Add(map, "file-read-data", "file-read*", TerminalDefault.None);
        Add(map, "file-read-metadata", "file-read*", TerminalDefault.None);
        Add(map, "file-read-xattr", "file-read*", TerminalDefault.None);
        Add(map, "file-revoke", "file*", TerminalDefault.None);
        Add(map, "file-search", "file*", TerminalDefault.None);
        Add(map, "file-test-existence", "default", TerminalDefault.Allow);
        Add(map, "file-unmount", "file*", TerminalDefault.None);
        Add(map, "file-write*", "file*", TerminalDefault.None);
        Add(map, "file-write-acl", "file-write*", TerminalDefault.None);
        Add(map, "file-write-create", "file-write*", TerminalDefault.None);
        Add(map, "file-write-data", "file-write*", TerminalDefault.None);
        Add(map, "file-write-finderinfo", "file-write*", TerminalDefault.None);
        Add(map, "file-write-flags", "file-write*", TerminalDefault.None);
        Add(map, "file-write-mode", "file-write*", TerminalDefault.None);
        Add(map, "file-write-owner", "file-write*", TerminalDefault.None);
        Add(map, "file-write-setugid", "default", TerminalDefault.Deny);
        Add(map, "file-write-times", "file-write*", TerminalDefault.None);
        Add(map, "file-write-unlink", "file-write*", TerminalDefault.None);
        Add(map, "file-write-xattr", "file-write*", TerminalDefault.None);
        Add(map, "fs-rename", "default", TerminalDefault.None);
        Add(map, "fs-snapshot*", "default", TerminalDefault.None);
        Add(map, "fs-snapshot-create", "fs-snapshot*", TerminalDefault.None);
        Add(map, "fs-snapshot-delete", "fs-snapshot*", TerminalDefault.None);
        Add(map, "fs-snapshot-revert", "fs-snapshot*", TerminalDefault.None);
        Add(map, "generic-issue-extension", "default", TerminalDefault.None);
        Add(map, "qtn-user", "default", TerminalDefault.None);
        Add(map, "hid-control", "default", TerminalDefault.None);
        Add(map, "iokit*", "default", TerminalDefault.None);
        Add(map, "iokit-issue-extension", "iokit*", TerminalDefault.None);
        Add(map, "iokit-open", "iokit*", TerminalDefault.None);
        Add(map, "iokit-set-properties", "iokit*", TerminalDefault.None);
        Add(map, "iokit-get-properties", "default", TerminalDefault.Allow);
        Add(map, "ipc*", "default", TerminalDefault.None);
        Add(map, "ipc-posix*", "ipc*", TerminalDefault.None);
        Add(map, "ipc-posix-issue-extension", "ipc-posix*", TerminalDefault.None);
        Add(map, "ipc-posix-sem*", "ipc-posix*", TerminalDefault.None);
        Add(map, "ipc-posix-sem-create", "ipc-posix-sem*", TerminalDefault.None);
        Add(map, "ipc-posix-sem-open", "ipc-posix-sem*", TerminalDefault.None);
        Add(map, "ipc-posix-sem-post", "ipc-posix-sem*", TerminalDefault.None);
        Add(map, "ipc-posix-sem-unlink", "ipc-posix-sem*", TerminalDefault.None);
        Add(map, "ipc-posix-sem-wait", "ipc-posix-sem*", TerminalDefault.None);
        Add(map, "ipc-posix-shm*", "ipc-posix*", TerminalDefault.None);
        Add(map, "ipc-posix-shm-read-data", "ipc-posix-shm*", TerminalDefault.None);
        Add(map, "ipc-posix-shm-write*", "ipc-posix-shm*", TerminalDefault.None);
        Add(map, "ipc-posix-shm-write-create", "ipc-posix-shm-write*", TerminalDefault.None);
        Add(map, "ipc-posix-shm-write-data", "ipc-posix-shm-write*", TerminalDefault.None);
        Add(map, "ipc-posix-shm-write-unlink", "ipc-posix-shm-write*", TerminalDefault.None);
        Add(map, "ipc-sysv*", "ipc*", TerminalDefault.None);
        Add(map, "ipc-sysv-msg", "ipc-sysv*", TerminalDefault.None);
        Add(map, "ipc-sysv-sem", "ipc-sysv*", TerminalDefault.None);
        Add(map, "ipc-sysv-shm", "ipc-sysv*", TerminalDefault.None);
        Add(map, "job-creation", "default", TerminalDefault.Deny);
        Add(map, "load-unsigned-code", "default", TerminalDefault.None);
        Add(map, "lsopen", "default", TerminalDefault.None);
        Add(map, "mach*", "default", TerminalDefault.None);
        Add(map, "mach-cross-domain-lookup", "default", TerminalDefault.Allow);
        Add(map, "mach-host*", "mach*", TerminalDefault.None);
        Add(map, "mach-host-exception-port-set", "mach-host*", TerminalDefault.None);
        Add(map, "mach-host-special-port-set", "mach-host*", TerminalDefault.None);
        Add(map, "mach-issue-extension", "mach*", TerminalDefault.None);
        Add(map, "mach-lookup", "mach*", TerminalDefault.None);
        Add(map, "mach-priv*", "mach*", TerminalDefault.None);
        Add(map, "mach-priv-host-port", "mach-priv*", TerminalDefault.None);
        Add(map, "mach-priv-task-port", "mach-priv*", TerminalDefault.None);
        Add(map, "mach-register", "mach*", TerminalDefault.None);
        Add(map, "mach-task-name", "mach*", TerminalDefault.None);
        Add(map, "network*", "default", TerminalDefault.None);
        Add(map, "network-inbound", "network*", TerminalDefault.None);
        Add(map, "network-bind", "network-inbound", TerminalDefault.None);
        Add(map, "network-outbound", "network*", TerminalDefault.None);
        Add(map, "nvram*", "default", TerminalDefault.Allow);
        Add(map, "nvram-delete", "nvram*", TerminalDefault.None);
        Add(map, "nvram-get", "nvram*", TerminalDefault.None);
        Add(map, "nvram-set", "nvram*", TerminalDefault.None);
        Add(map, "opendirectory-user-modify", "default", TerminalDefault.None);
        Add(map, "process*", "default", TerminalDefault.None);
        Add(map, "process-codesigning-status*", "process*", TerminalDefault.None);
        Add(map, "process-codesigning-status-set", "process-codesigning-status*", TerminalDefault.None);
        Add(map, "process-codesigning-status-get", "process-codesigning-status*", TerminalDefault.None);
        Add(map, "process-exec*", "process*", TerminalDefault.None);
        Add(map, "process-exec-interpreter", "process-exec*", TerminalDefault.None);
        Add(map, "process-fork", "process*", TerminalDefault.None);
        Add(map, "process-info*", "default", TerminalDefault.Allow);
        Add(map, "process-info-codesignature", "default", TerminalDefault.Allow);
        Add(map, "process-info-dirtycontrol", "process-info*", TerminalDefault.None);
        Add(map, "process-info-listpids", "process-info*", TerminalDefault.None);
        Add(map, "process-info-rusage", "process-info*", TerminalDefault.None);
        Add(map, "process-info-pidinfo", "process-info*", TerminalDefault.None);
        Add(map, "process-info-pidfdinfo", "process-info*", TerminalDefault.None);
        Add(map, "process-info-pidfileportinfo", "process-info*", TerminalDefault.None);
        Add(map, "process-info-setcontrol", "process-info*", TerminalDefault.None);
        Add(map, "pseudo-tty", "default", TerminalDefault.None);
        Add(map, "signal", "default", TerminalDefault.None);
        Add(map, "socket-ioctl", "default", TerminalDefault.Allow);
        Add(map, "sysctl*", "default", TerminalDefault.None);
        Add(map, "sysctl-read", "sysctl*", TerminalDefault.None);
        Add(map, "sysctl-write", "sysctl*", TerminalDefault.None);
        Add(map, "system*", "default", TerminalDefault.None);
        Add(map, "system-acct", "system*", TerminalDefault.None);
        Add(map, "system-audit", "system*", TerminalDefault.None);
        Add(map, "system-automount", "system*", TerminalDefault.None);
        Add(map, "system-debug", "system*", TerminalDefault.None);
        Add(map, "system-fsctl", "system*", TerminalDefault.None);
        Add(map, "system-info", "system*", TerminalDefault.None);
        Add(map, "system-kext*", "system*", TerminalDefault.None);
        Add(map, "system-kext-load", "system-kext*", TerminalDefault.None);
        Add(map, "system-kext-unload", "system-kext*", TerminalDefault.None);
        Add(map, "system-kext-query", "system-kext*", TerminalDefault.None);
        Add(map, "system-mac-label", "system*", TerminalDefault.None);
        Add(map, "system-nfssvc", "system*", TerminalDefault.None);
        Add(map, "system-package-check", "system*", TerminalDefault.None);
        Add(map, "system-privilege", "default", TerminalDefault.Allow);
        Add(map, "system-reboot", "system*", TerminalDefault.None);
        Add(map, "system-sched", "system*", TerminalDefault.None);
        Add(map, "system-set-time", "system*", TerminalDefault.None);
        Add(map, "system-socket", "system*", TerminalDefault.None);
        Add(map, "system-suspend-resume", "system*", TerminalDefault.None);
        Add(map, "system-swap", "system*", TerminalDefault.None);
        Add(map, "user-preference*", "default", TerminalDefault.None);
        Add(map, "user-preference-read", "user-preference*", TerminalDefault.None);
        Add(map, "managed-preference-read", "user-preference-read", TerminalDefault.None);
        Add(map, "user-preference-write", "user-preference*", TerminalDefault.None);
        Add(map, "syscall-unix", "default", TerminalDefault.Allow);
        Add(map, "storage-class-map", "default", TerminalDefault.Deny);
        Add(map, "system-mac-syscall", "system*", TerminalDefault.None);
        Add(map, "iokit-open-user-client", "iokit-open", TerminalDefault.None);
        Add(map, "iokit-open-service", "iokit-open", TerminalDefault.None);
        // Operations that became no-ops in 10.15; kept so profiles that name them stay valid.
        Add(map, "ipc-posix-shm-read-metadata", "ipc-posix-shm*", TerminalDefault.None);
        Add(map, "mach-per-user-lookup", "mach*", TerminalDefault.None);
        Add(map, "system-chud", "system*", TerminalDefault.None);
        Add(map, "qtn-download", "default", TerminalDefault.None);
        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
