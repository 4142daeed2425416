using Sandboxer.Analysis;
using Sandboxer.Synthesis.Paths;

namespace Sandboxer.Synthesis.Generalization;

/// <summary>
/// Read-only system locations per platform: nothing in them is a secret, and programs read from them by names that
/// change with updates, so reads there become one <c>subpath</c> each. Writes never generalize into them.
/// </summary>
public static class SystemLocations
{
    private static readonly KnownLocation[] Linux =
    [
        Make("/usr/lib", "system libraries and runtime support files"),
        Make("/usr/lib64", "system libraries (64-bit)"),
        Make("/usr/lib32", "system libraries (32-bit)"),
        Make("/usr/libexec", "helper programs of system packages"),
        Make("/usr/local/lib", "locally installed libraries"),
        Make("/usr/share/zoneinfo", "time zone data"),
        Make("/usr/share/locale", "message translations"),
        Make("/usr/share/i18n", "locale definitions"),
        Make("/usr/share/ca-certificates", "public CA certificates"),
        Make("/usr/share/mime", "MIME type database"),
        Make("/usr/share/terminfo", "terminal descriptions"),
        Make("/usr/share/dotnet", ".NET runtime install"),
        Make("/usr/include", "C headers"),
        Make("/etc/ssl/certs", "public CA certificates"),
        Make("/etc/ca-certificates", "public CA certificate configuration"),
        Make("/etc/alternatives", "Debian alternatives symlinks"),
        Make("/etc/ld.so.conf.d", "dynamic loader search path configuration"),
        Make("/etc/fonts", "font configuration"),
        Make("/sys/devices/system/cpu", "CPU topology (read by runtimes to size thread pools)"),
        Make("/sys/fs/cgroup", "cgroup resource limits (read by runtimes to size heaps)"),
    ];

    private static readonly KnownLocation[] MacOS =
    [
        Make("/usr/lib", "system libraries and dyld"),
        Make("/usr/share", "shared read-only system data"),
        Make("/System/Library", "system frameworks and libraries"),
        Make("/System/Volumes/Preboot/Cryptexes/OS", "the OS cryptex (dyld shared cache since macOS 13)"),
        Make("/Library/Frameworks", "installed frameworks"),
        Make("/Library/Developer/CommandLineTools", "Xcode command line tools"),
        Make("/Applications/Xcode.app/Contents/Developer", "Xcode toolchain"),
        Make("/private/var/db/timezone", "time zone data"),
        Make("/private/etc/ssl", "public CA certificates"),
        Make("/opt/homebrew/Cellar", "Homebrew packages"),
        Make("/opt/homebrew/lib", "Homebrew libraries"),
        Make("/usr/local/Cellar", "Homebrew packages (Intel)"),
        Make("/usr/local/lib", "locally installed libraries"),
    ];

    public static IReadOnlyList<KnownLocation> For(TargetPlatform platform) => platform == TargetPlatform.MacOS ? MacOS : Linux;

    private static KnownLocation Make(string path, string description) => new(AnchoredPath.Absolute(path), description);
}
