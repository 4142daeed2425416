using System.Runtime.InteropServices;

namespace Sandboxer.Platforms.Linux.Landlock.Native;

/// <summary>
/// The three Landlock system calls (x86_64 numbers 444–446, reached through libc's <c>syscall</c>) and the uapi
/// structures they take. Only the calls made before the domain is enforced live here; the enforcing thread uses
/// <see cref="RestrictedSpawnNative"/>.
/// </summary>
internal static unsafe partial class LandlockSyscalls
{
    public const long CreateRulesetNumber = 444;
    public const long AddRuleNumber = 445;
    public const long RestrictSelfNumber = 446;

    public const uint CreateRulesetVersion = 1U << 0;

    public const int RulePathBeneath = 1;
    public const int RuleNetPort = 2;

    /// <summary><c>landlock_create_ruleset(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION)</c>: the ABI, or -1 with errno.</summary>
    public static long QueryAbi(out int errno)
    {
        var result = Syscall(CreateRulesetNumber, 0, 0, (nint)CreateRulesetVersion);
        errno = result < 0 ? Marshal.GetLastPInvokeError() : 0;
        return result;
    }

    public static int CreateRuleset(in RulesetAttr attr, int size, out int errno)
    {
        fixed (RulesetAttr* pointer = &attr)
        {
            var result = Syscall(CreateRulesetNumber, (nint)pointer, size, 0);
            errno = result < 0 ? Marshal.GetLastPInvokeError() : 0;
            return (int)result;
        }
    }

    public static int AddPathBeneathRule(int rulesetFd, in PathBeneathAttr attr, out int errno)
    {
        fixed (PathBeneathAttr* pointer = &attr)
        {
            var result = Syscall4(AddRuleNumber, rulesetFd, RulePathBeneath, (nint)pointer, 0);
            errno = result < 0 ? Marshal.GetLastPInvokeError() : 0;
            return (int)result;
        }
    }

    public static int AddNetPortRule(int rulesetFd, in NetPortAttr attr, out int errno)
    {
        fixed (NetPortAttr* pointer = &attr)
        {
            var result = Syscall4(AddRuleNumber, rulesetFd, RuleNetPort, (nint)pointer, 0);
            errno = result < 0 ? Marshal.GetLastPInvokeError() : 0;
            return (int)result;
        }
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, nint argument1, nint argument2, nint argument3);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall4(long number, nint argument1, nint argument2, nint argument3, nint argument4);

    /// <summary><c>struct landlock_ruleset_attr</c>; older ABIs get a shorter size (8 bytes before ABI 4, 16 before ABI 6).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct RulesetAttr
    {
        public ulong HandledAccessFs;
        public ulong HandledAccessNet;
        public ulong Scoped;
    }

    /// <summary><c>struct landlock_path_beneath_attr</c>: packed, 12 bytes.</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    internal struct PathBeneathAttr
    {
        public ulong AllowedAccess;
        public int ParentFd;
    }

    /// <summary><c>struct landlock_net_port_attr</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct NetPortAttr
    {
        public ulong AllowedAccess;
        public ulong Port;
    }
}
