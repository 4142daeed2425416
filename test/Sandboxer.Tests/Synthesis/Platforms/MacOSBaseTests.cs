using Sandboxer.Analysis;
using Sandboxer.Events;
using Sandboxer.Sbpl.Policy;
using Sandboxer.Synthesis;
using Sandboxer.Synthesis.Grants;
using Sandboxer.Synthesis.Platforms;
using Sandboxer.Synthesis.Rendering;

namespace Sandboxer.Tests.Synthesis.Platforms;

public sealed class MacOSBaseTests
{
    [Fact]
    public void Every_entry_says_why_and_what_it_risks()
    {
        Assert.All(MacOSBase.Entries, e =>
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Reason), e.Id);
            Assert.False(string.IsNullOrWhiteSpace(e.Risk), e.Id);
            Assert.NotEmpty(e.Operations);
            Assert.All(e.Operations, o => Assert.True(OperationCatalog.IsKnown(o), $"{e.Id}: unknown operation {o}"));
        });
        Assert.Equal(MacOSBase.Entries.Count, MacOSBase.Entries.Select(e => e.Id).Distinct().Count());
        Assert.All(MacOSBase.Excluded, x => Assert.False(string.IsNullOrWhiteSpace(x.Reason)));
    }

    [Fact]
    public void Paths_are_the_resolved_forms_the_kernel_checks()
    {
        var symlinks = new[] { "/etc", "/tmp", "/var" };
        foreach (var entry in MacOSBase.Entries)
        {
            if (entry.Filter is PathFilter path)
            {
                Assert.StartsWith("/", path.Pattern, StringComparison.Ordinal);
                var throughSymlink = symlinks.Any(s => path.Pattern.StartsWith(s + "/", StringComparison.Ordinal));
                Assert.False(throughSymlink, $"{entry.Id}: {path.Pattern} goes through a root symlink");
            }
        }
    }

    [Theory]
    // docs/macos-runtime.md Appendix A 13–16, 35, 50: the startup noise every process produces.
    [InlineData("file-write-data", "/dev/dtracehelper", null, "dev-dtracehelper")]
    [InlineData("mach-lookup", null, "com.apple.system.notification_center", "mach-notification-center")]
    [InlineData("mach-lookup", null, "com.apple.logd", "mach-logd")]
    [InlineData("mach-lookup", null, "com.apple.diagnosticd", "mach-diagnosticd")]
    [InlineData("network-outbound", "/private/var/run/mDNSResponder", null, "dns-mdnsresponder")]
    [InlineData("ipc-posix-shm-read-data", null, "apple.shm.notification_center", "shm-notification-center")]
    public void Startup_noise_is_a_platform_essential_not_a_drop(string operation, string? path, string? name, string id)
    {
        var entry = MacOSBase.Match(new AccessEvent { Operation = operation, Path = path, Name = name, Result = AccessResult.Denied });
        Assert.NotNull(entry);
        Assert.Equal(id, entry.Id);
        Assert.True(entry.IsStartupNoise);
    }

    [Theory]
    // Appendix A 28, 29, 25, 1 (/private/etc/hosts is the program's own business), 26 (kern.bootargs is excluded).
    [InlineData("file-read-data", "/System/Volumes/Preboot/Cryptexes/OS", null, "dyld-cryptex")]
    [InlineData("file-read-metadata", "/System/Volumes/Preboot/Cryptexes/OS/System/Library/dyld/dyld_shared_cache_arm64e", null, "dyld-cryptex")]
    [InlineData("file-read-metadata", "/usr/lib/dyld", null, "usr-lib")]
    [InlineData("file-map-executable", "/usr/lib/libSystem.B.dylib", null, "usr-lib")]
    [InlineData("sysctl-read", null, "hw.pagesize_compat", "sysctl-pagesize-compat")]
    [InlineData("sysctl-read", null, "hw.optional.arm.FEAT_AES", "sysctl-optional")]
    [InlineData("file-read-data", "/private/etc/hosts", null, null)]
    [InlineData("sysctl-read", null, "kern.bootargs", null)]
    [InlineData("sysctl-read", null, "kern.hostname", null)]
    [InlineData("file-write-data", "/usr/lib/libz.dylib", null, null)]
    [InlineData("file-read-data", "/usr/library/x", null, null)]
    [InlineData("mach-lookup", null, "com.apple.contactsd.persistence", null)]
    public void Matches_by_operation_and_filter(string operation, string? path, string? name, string? id)
    {
        Assert.Equal(id, MacOSBase.Match(new AccessEvent { Operation = operation, Path = path, Name = name })?.Id);
    }

    [Fact]
    public void Network_essentials_only_come_with_network()
    {
        var offline = MacOSBase.For(networkAllowed: false).Select(e => e.Id).ToHashSet();
        Assert.DoesNotContain("mach-trustd", offline);
        Assert.DoesNotContain("dns-mdnsresponder", offline);
        Assert.Contains("mach-trustd", MacOSBase.For(networkAllowed: true).Select(e => e.Id));
        Assert.Contains("exfiltration", MacOSBase.Entries.Single(e => e.Id == "mach-trustd").Risk, StringComparison.Ordinal);
    }

    [Fact]
    public void The_base_never_opens_a_mandatory_deny()
    {
        const string home = "/Users/ana";
        foreach (var entry in MacOSBase.Entries)
        {
            if (entry.Filter is PathFilter path)
            {
                // A literal names one file (/ and the root symlinks' own metadata); a subpath everything below it.
                var opens = path.Match == PathMatch.Literal
                    ? SensitiveLocations.Match(path.Pattern, home, TargetPlatform.MacOS) is not null
                    : SensitiveLocations.Overlaps(path.Pattern, home, TargetPlatform.MacOS);
                Assert.False(opens, $"{entry.Id} opens a sensitive location");
            }
        }

        Assert.NotEmpty(MandatoryDenySet.For(TargetPlatform.MacOS));
    }

    [Fact]
    public void Becomes_platform_essential_grants_with_reason_and_risk()
    {
        var offline = MacOSBase.Grants(networkAllowed: false);
        Assert.All(offline, g => Assert.Equal((GrantCategory.PlatformEssentials, GeneralizationStep.PlatformBase), (g.Category, g.Step)));
        Assert.Equal(MacOSBase.For(false).Sum(e => e.Operations.Count), offline.Count);
        Assert.Contains(offline, g => g.Operation == "file-map-executable" && g.Target == new PathTarget(new SubpathPattern(Sandboxer.Synthesis.Paths.AnchoredPath.Absolute("/System/Volumes/Preboot/Cryptexes/OS"))));
        Assert.Contains(offline, g => g.Operation == "sysctl-read" && g.Target == new NameTarget("sysctl-name-prefix", "hw.optional."));
        var logd = Assert.Single(offline, g => g.Target == new NameTarget("global-name", "com.apple.logd"));
        Assert.Contains("(risk: lets the program write to the unified log", logd.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(offline, g => g.Target == new NameTarget("global-name", "com.apple.trustd.agent"));
        Assert.Contains(MacOSBase.Grants(networkAllowed: true), g => g.Target == new NameTarget("global-name", "com.apple.trustd.agent"));
        Assert.Equal("(sysctl-name-prefix \"hw.optional.\")", SbplExpressions.Filter(new NameTarget("sysctl-name-prefix", "hw.optional.")));
    }
}
