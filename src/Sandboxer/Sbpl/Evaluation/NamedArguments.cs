using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Sandboxer.Sbpl.Evaluation;

/// <summary>
/// The named arguments of filters (<c>REGULAR-FILE</c>, <c>self</c>, <c>AF_INET</c>, <c>SIGKILL</c>,
/// <c>SYS_read</c>, <c>FSIOC_CAS_BSDFLAGS</c>, …). libsandbox binds each as a global whose value is its own name;
/// we do the same for every name below that the profile has not defined itself. The lists of constants are
/// long and grow with each macOS, so C-style constants are recognised by their family prefix.
/// </summary>
internal static partial class NamedArguments
{
    public static readonly FrozenSet<string> VnodeTypes = new[]
    {
        "REGULAR-FILE", "DIRECTORY", "BLOCK-DEVICE", "CHARACTER-DEVICE", "SYMLINK", "SOCKET", "FIFO", "TTY",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static readonly FrozenSet<string> Targets = new[]
    {
        "self", "pgrp", "others", "children", "same-sandbox", "initproc",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static readonly FrozenSet<string> NetworkProtocols = new[]
    {
        "ip", "ip4", "ip6", "tcp", "tcp4", "tcp6", "udp", "udp4", "udp6",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> OtherNames = new[]
    {
        "apple-internal", "sandbox-debug-mode", "is-plugin", "is-installer", "ioservice-requires-approval",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static bool IsNamedArgument(string name) =>
        VnodeTypes.Contains(name) || Targets.Contains(name) || NetworkProtocols.Contains(name) || OtherNames.Contains(name)
        || ConstantFamily().IsMatch(name);

    /// <summary>Signals, syscalls, socket domains/types/protocols, fsctl/ioctl commands, privileges.</summary>
    [GeneratedRegex(
        @"^(SIG[A-Z0-9]+|SYS_\w+|(pseudo_)?AF_\w+|PF_\w+|SOCK_\w+|IPPROTO_\w+|(APFS|HFS|FS)IOC_\w+|APFS_FSCTL_\w+|"
        + @"DKIOC\w+|FIO[A-Z]\w*|SIOC\w+|TIOC\w+|NFS_IOC_\w+|FSEVENTS_\w+|CTLIOC\w+|PRIV_\w+|CSR_\w+|HOST_\w+_PORT)$",
        RegexOptions.CultureInvariant)]
    private static partial Regex ConstantFamily();
}
