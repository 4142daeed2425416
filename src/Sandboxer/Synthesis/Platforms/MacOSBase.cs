using Sandboxer.Collections;
using Sandboxer.Events;
using Sandboxer.Sbpl.Policy;
using Sandboxer.Synthesis.Grants;
using Sandboxer.Synthesis.Paths;

namespace Sandboxer.Synthesis.Platforms;

/// <summary>
/// The macOS base a synthesized profile starts from (docs/macos-runtime.md §6–7): what dyld, libSystem and the
/// common runtimes need before <c>main</c> and on every run, each with its reason and risk. Paths are the
/// resolved (<c>/private/…</c>) forms the kernel checks. The mandatory denies (keychains, cookies, mail,
/// LaunchAgents, shell start-up files…) are <see cref="MandatoryDenySet"/> for macOS, built from
/// <c>Sandboxer.Analysis.SensitiveLocations</c>, not repeated here.
/// </summary>
internal static class MacOSBase
{
    private static readonly EquatableArray<string> Read = ["file-read*"];
    private static readonly EquatableArray<string> ReadAndMap = ["file-read*", "file-map-executable"];
    private static readonly EquatableArray<string> Metadata = ["file-read-metadata"];
    private static readonly EquatableArray<string> ReadWrite = ["file-read*", "file-write-data"];
    private static readonly EquatableArray<string> Sysctl = ["sysctl-read"];
    private static readonly EquatableArray<string> MachLookup = ["mach-lookup"];

    private const string SystemCodeRisk = "read-only operating-system code and data (SIP-protected); no user data";
    private const string HardwareFactRisk = "a hardware or OS fact: fingerprinting only";

    public static IReadOnlyList<PlatformEssential> Entries { get; } =
    [
        // Code: dyld, the shared cache and system libraries.
        new("dyld-cryptex", ReadAndMap, Subpath("/System/Volumes/Preboot/Cryptexes/OS"),
            "since macOS 13 dyld and its shared cache live in the OS cryptex: no process starts without it", SystemCodeRisk),
        new("usr-lib", ReadAndMap, Subpath("/usr/lib"), "dyld (/usr/lib/dyld), libSystem and the system dylibs", SystemCodeRisk),
        new("system-library", ReadAndMap, Subpath("/System/Library"), "system frameworks, and the dyld shared cache on macOS 12 and earlier", SystemCodeRisk),
        new("dyld-cache-db", Read, Subpath("/private/var/db/dyld"), "dyld shared cache location on macOS 11 and earlier", SystemCodeRisk),

        // Path resolution.
        new("root-metadata", Metadata, Literal("/"), "every absolute path lookup starts at the root directory", "reveals that / exists; not its listing"),
        new("root-symlink-etc", Metadata, Literal("/etc"), "/etc is a symlink to /private/etc: reading any /etc path reads the link", "the link's own metadata only"),
        new("root-symlink-tmp", Metadata, Literal("/tmp"), "/tmp is a symlink to /private/tmp", "the link's own metadata only"),
        new("root-symlink-var", Metadata, Literal("/var"), "/var is a symlink to /private/var", "the link's own metadata only"),

        // Devices.
        new("dev-null", ReadWrite, Literal("/dev/null"), "the discard device: shells and runtimes redirect to it", "none: it holds nothing"),
        new("dev-zero", Read, Literal("/dev/zero"), "zero-filled reads (allocators, dd)", "none: it holds nothing"),
        new("dev-random", Read, Literal("/dev/random"), "randomness for hashing seeds, TLS and UUIDs", "none: reads consume no secret"),
        new("dev-urandom", Read, Literal("/dev/urandom"), "randomness for hashing seeds, TLS and UUIDs", "none: reads consume no secret"),
        new("dev-tty", ReadWrite, Literal("/dev/tty"), "the controlling terminal: prompts and progress output",
            "reads what is typed into the terminal the program was started from, as any interactive program does"),
        new("dev-dtracehelper", ["file-read*", "file-write-data", "file-ioctl"], Literal("/dev/dtracehelper"),
            "every process registers its DTrace probes at startup (a denied write is harmless noise)",
            "registers the process's own USDT probes only", IsStartupNoise: true),

        // Sysctls the runtimes read at startup.
        new("sysctl-pagesize-compat", Sysctl, SysctlName("hw.pagesize_compat"), "Rust's std aborts at startup without it (guard page setup)", HardwareFactRisk),
        new("sysctl-pagesize", Sysctl, SysctlName("hw.pagesize"), "allocators size their pages with it", HardwareFactRisk),
        new("sysctl-ncpu", Sysctl, SysctlName("hw.ncpu"), "thread-pool sizing", HardwareFactRisk),
        new("sysctl-activecpu", Sysctl, SysctlName("hw.activecpu"), "thread-pool sizing", HardwareFactRisk),
        new("sysctl-logicalcpu", Sysctl, SysctlName("hw.logicalcpu"), "thread-pool sizing", HardwareFactRisk),
        new("sysctl-physicalcpu", Sysctl, SysctlName("hw.physicalcpu"), "thread-pool sizing", HardwareFactRisk),
        new("sysctl-perflevel", Sysctl, SysctlName("hw.perflevel", NameMatch.Prefix), "performance/efficiency core counts (Apple silicon)", HardwareFactRisk),
        new("sysctl-memsize", Sysctl, SysctlName("hw.memsize"), "heap and cache sizing (Go, JVM, .NET)", HardwareFactRisk),
        new("sysctl-cachelinesize", Sysctl, SysctlName("hw.cachelinesize"), "allocator and libc tuning", HardwareFactRisk),
        new("sysctl-optional", Sysctl, SysctlName("hw.optional.", NameMatch.Prefix), "CPU feature detection (hw.optional.arm.FEAT_*, AVX…): Go and crypto libraries", HardwareFactRisk),
        new("sysctl-machdep-cpu", Sysctl, SysctlName("machdep.cpu.", NameMatch.Prefix), "CPU brand and feature flags", HardwareFactRisk),
        new("sysctl-osversion", Sysctl, SysctlName("kern.osversion"), "OS build number (uname, runtimes' platform checks)", HardwareFactRisk),
        new("sysctl-osrelease", Sysctl, SysctlName("kern.osrelease"), "Darwin release for uname", HardwareFactRisk),
        new("sysctl-ostype", Sysctl, SysctlName("kern.ostype"), "OS name for uname", HardwareFactRisk),
        new("sysctl-osproductversion", Sysctl, SysctlName("kern.osproductversion"), "macOS version for platform checks", HardwareFactRisk),
        new("sysctl-version", Sysctl, SysctlName("kern.version"), "kernel version string for uname", HardwareFactRisk),
        new("sysctl-argmax", Sysctl, SysctlName("kern.argmax"), "shells and xargs size command lines with it", HardwareFactRisk),
        new("sysctl-proc-translated", Sysctl, SysctlName("sysctl.proc_translated"), "Rosetta detection by runtimes", HardwareFactRisk),

        // Mach services.
        new("mach-logd", MachLookup, GlobalName("com.apple.logd"), "os_log: libraries log through it from the first call",
            "lets the program write to the unified log (forged sandbox reports are rejected by their sender)", IsStartupNoise: true),
        new("mach-diagnosticd", MachLookup, GlobalName("com.apple.diagnosticd"), "os_activity and diagnostics at startup",
            "sends diagnostics about the program itself", IsStartupNoise: true),
        new("mach-notification-center", MachLookup, GlobalName("com.apple.system.notification_center"), "notify(3): libSystem registers at startup",
            "posts and watches system notifications: a narrow signalling channel to other processes", IsStartupNoise: true),
        new("shm-notification-center", ["ipc-posix-shm-read-data"], new NameFilter("ipc-posix-name", NameMatch.Exact, "apple.shm.notification_center"),
            "notify(3) state is read from this shared memory", "read-only notification state", IsStartupNoise: true),
        new("mach-opendirectory-libinfo", MachLookup, GlobalName("com.apple.system.opendirectoryd.libinfo"),
            "getpwuid/getpwnam/getgrgid: who am I, home directory lookups", "reveals account and group names"),
        new("mach-cfprefsd", MachLookup, GlobalName("com.apple.cfprefsd.daemon"), "CFPreferences (user defaults) used by Foundation-based tools",
            "reads system preference domains"),
        new("mach-securityserver", MachLookup, GlobalName("com.apple.SecurityServer"), "Security framework: certificate and code-signing checks",
            "keychain items are reachable through securityd whatever the file rules say; per-item ACLs and prompts still apply"),
        new("mach-trustd", MachLookup, GlobalName("com.apple.trustd.agent"), "TLS certificate evaluation (URLSession, curl with Secure Transport)",
            "trustd fetches OCSP/CRL/intermediate URLs on the program's behalf: an exfiltration route (sandbox-runtime), so only with network",
            PlatformCondition.WhenNetworkAllowed),

        // DNS.
        new("dns-mdnsresponder", ["network-outbound"], Literal("/private/var/run/mDNSResponder"), "DNS: getaddrinfo talks to mDNSResponder over this socket",
            "DNS queries can carry data out (DNS tunnelling)", PlatformCondition.WhenNetworkAllowed, IsStartupNoise: true),
    ];

    /// <summary>Commonly touched, deliberately left out of the base.</summary>
    public static IReadOnlyList<ExcludedEssential> Excluded { get; } =
    [
        new("sysctl-read", "kern.hostname", "identifies the machine and often its owner (\"Anas-MacBook-Pro\"): allowed only when observed"),
        new("sysctl-read", "kern.bootargs", "boot arguments are no program's business; some runtimes probe it and cope with the denial"),
        new("mach-lookup", "com.apple.analyticsd", "analytics submission: nothing a program needs to work"),
    ];

    /// <summary>The entries that apply to a profile with or without network access.</summary>
    public static IEnumerable<PlatformEssential> For(bool networkAllowed) =>
        Entries.Where(e => e.Condition == PlatformCondition.Always || networkAllowed);

    /// <summary>
    /// The base as synthesizer grants (<see cref="SynthesisContext.PlatformBase"/>): one per entry and operation, in the
    /// platform-essentials section, each with its reason and risk as the rule's comment.
    /// </summary>
    public static IReadOnlyList<Grant> Grants(bool networkAllowed) =>
    [
        .. For(networkAllowed).SelectMany(entry => entry.Operations.Select(operation => new Grant(
            operation,
            TargetOf(entry.Filter),
            GrantCategory.PlatformEssentials,
            GeneralizationStep.PlatformBase,
            $"{entry.Reason} (risk: {entry.Risk})",
            Evidence.None))),
    ];

    /// <summary>The first entry that covers <paramref name="access"/>, whatever its condition; <see langword="null"/> if none.</summary>
    public static PlatformEssential? Match(AccessEvent access)
    {
        ArgumentNullException.ThrowIfNull(access);
        return Entries.FirstOrDefault(e => e.Covers(access));
    }

    private static GrantTarget TargetOf(Filter filter) => filter switch
    {
        PathFilter { Match: PathMatch.Literal } path => new PathTarget(new LiteralPattern(AnchoredPath.Absolute(path.Pattern))),
        PathFilter { Match: PathMatch.Subpath } path => new PathTarget(new SubpathPattern(AnchoredPath.Absolute(path.Pattern))),
        NameFilter { Match: NameMatch.Exact } name => new NameTarget(name.Kind, name.Value),
        NameFilter { Match: NameMatch.Prefix } name => new NameTarget(name.Kind + "-prefix", name.Value),
        _ => throw new InvalidOperationException($"the macOS base has no grant form for {filter}"),
    };

    private static PathFilter Literal(string path) => new(PathMatch.Literal, path);

    private static PathFilter Subpath(string path) => new(PathMatch.Subpath, path);

    private static NameFilter SysctlName(string name, NameMatch match = NameMatch.Exact) => new("sysctl-name", match, name);

    private static NameFilter GlobalName(string name) => new("global-name", NameMatch.Exact, name);
}
