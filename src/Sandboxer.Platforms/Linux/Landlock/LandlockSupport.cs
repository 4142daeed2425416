using Sandboxer.Platforms.Linux.Landlock.Native;

namespace Sandboxer.Platforms.Linux.Landlock;

/// <summary>
/// What the running kernel's Landlock can do: its ABI version and the rights, scopes and flags that version knows.
/// An <see cref="Abi"/> of 0 means Landlock cannot be used; <see cref="UnavailableReason"/> says why.
/// </summary>
internal sealed record LandlockSupport(int Abi, string? UnavailableReason)
{
    private static readonly Lazy<LandlockSupport> Current = new(Detect);

    /// <summary>The running kernel's Landlock support (detected once).</summary>
    public static LandlockSupport Host => Current.Value;

    public bool IsAvailable => Abi > 0;

    /// <summary>Every filesystem right this ABI handles.</summary>
    public LandlockFsAccess FsRights => ForAbiFs(Abi);

    public LandlockNetAccess NetRights => Abi >= 4 ? LandlockNetAccess.BindTcp | LandlockNetAccess.ConnectTcp : LandlockNetAccess.None;

    public LandlockScope Scopes => Abi >= 6 ? LandlockScope.AbstractUnixSocket | LandlockScope.Signal : LandlockScope.None;

    /// <summary>ABI 7 adds the audit logging flags of <c>landlock_restrict_self</c>.</summary>
    public bool SupportsLogFlags => Abi >= 7;

    /// <summary>Size of <c>struct landlock_ruleset_attr</c> this ABI accepts.</summary>
    public int RulesetAttrSize => Abi >= 6 ? 24 : Abi >= 4 ? 16 : 8;

    public static LandlockFsAccess ForAbiFs(int abi)
    {
        if (abi <= 0)
        {
            return LandlockFsAccess.None;
        }

        var rights = (LandlockFsAccess)((1UL << 13) - 1);
        if (abi >= 2)
        {
            rights |= LandlockFsAccess.Refer;
        }

        if (abi >= 3)
        {
            rights |= LandlockFsAccess.Truncate;
        }

        if (abi >= 5)
        {
            rights |= LandlockFsAccess.IoctlDev;
        }

        return rights;
    }

    public static LandlockSupport Detect()
    {
        if (!OperatingSystem.IsLinux())
        {
            return new LandlockSupport(0, "Landlock is a Linux security module; this is not Linux");
        }

        if (System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture != System.Runtime.InteropServices.Architecture.X64)
        {
            return new LandlockSupport(0, "the Landlock launcher supports x86_64 only (system call numbers 444–446)");
        }

        var abi = LandlockSyscalls.QueryAbi(out var errno);
        if (abi > 0)
        {
            return new LandlockSupport((int)abi, null);
        }

        return new LandlockSupport(0, errno switch
        {
            ErrnoNames.ENOSYS => "this kernel has no Landlock (it needs Linux 5.13 or later built with CONFIG_SECURITY_LANDLOCK=y)",
            ErrnoNames.EOPNOTSUPP => "Landlock is built into this kernel but disabled at boot; add 'landlock' to the lsm= kernel parameter",
            _ => "landlock_create_ruleset failed with " + ErrnoNames.Name(errno),
        });
    }
}
