using Sandboxer.Collections;
using Sandboxer.Diagnostics;
using Sandboxer.Platforms.Linux.Landlock;

namespace Sandboxer.Platforms.Tests.Linux.Landlock;

/// <summary>Hand-written plans for launcher tests: the runtime basics (loader, libc, /dev/null) plus what a test adds.</summary>
internal static class TestPlans
{
    public const LandlockFsAccess ReadExecute = LandlockFsAccess.ReadFile | LandlockFsAccess.ReadDir | LandlockFsAccess.Execute;

    public static LandlockPlan Basics(params LandlockPathRule[] extra) => Create(extra, []);

    public static LandlockPlan Create(IEnumerable<LandlockPathRule> extra, IEnumerable<LandlockPortRule> ports, NetworkIsolation? network = null)
    {
        var support = LandlockSupport.Host;
        LandlockPathRule[] basics =
        [
            Dir("/usr", ReadExecute),
            File("/etc/ld.so.cache", LandlockFsAccess.ReadFile),
            File("/dev/null", LandlockFsAccess.ReadFile | LandlockFsAccess.WriteFile),
        ];
        return new LandlockPlan(
            support.FsRights,
            support.NetRights,
            support.Scopes,
            [.. basics, .. extra],
            [.. ports],
            network ?? NetworkIsolation.None,
            EquatableArray<Diagnostic>.Empty);
    }

    public static LandlockPathRule Dir(string path, LandlockFsAccess access) => new(path, access, true, EquatableArray<int>.Empty);

    public static LandlockPathRule File(string path, LandlockFsAccess access) => new(path, access, false, EquatableArray<int>.Empty);
}
