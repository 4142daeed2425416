using Sandboxer.Sbpl.Engine;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Platforms.Linux.Landlock.Compilation;

/// <summary>
/// Reports what the profile restricts that Linux lets through anyway (metadata, attributes, executable mappings,
/// fork, sysctl, IPC), and the macOS-only operations it names, which have no meaning on Linux.
/// </summary>
internal static class UnenforceableOperations
{
    private static readonly (string Operation, string Explanation)[] PathOperations =
    [
        ("file-read-metadata", "stat, access and readlink are not restricted by Landlock"),
        ("file-read-xattr", "reading extended attributes is not restricted by Landlock"),
        ("file-write-mode", "chmod is not restricted by Landlock"),
        ("file-write-owner", "chown is not restricted by Landlock"),
        ("file-write-times", "utimes is not restricted by Landlock"),
        ("file-write-xattr", "writing extended attributes is not restricted by Landlock"),
        ("file-write-flags", "file flags are not restricted by Landlock"),
        ("file-map-executable", "mmap with PROT_EXEC is not restricted by Landlock (only execve is)"),
        ("file-ioctl", "ioctl is restricted by Landlock on device files only"),
    ];

    private static readonly (string Operation, string Explanation)[] PlainOperations =
    [
        ("process-fork", "fork and clone are not restricted by Landlock"),
        ("sysctl-read", "sysctl reads are /proc/sys file reads on Linux and follow the file rules instead"),
        ("sysctl-write", "sysctl writes are /proc/sys file writes on Linux and follow the file rules instead"),
        ("ipc-posix-shm", "POSIX shared memory is files under /dev/shm on Linux and follows the file rules instead"),
        ("ipc-posix-sem", "POSIX semaphores are files under /dev/shm on Linux and follow the file rules instead"),
        ("ipc-sysv", "System V IPC is not restricted by Landlock"),
        ("system-socket", "creating sockets is not restricted by Landlock"),
        ("pseudo-tty", "opening /dev/ptmx follows the file rules; the operation itself is not enforced"),
    ];

    private static readonly string[] MacOnlyStems =
    [
        "mach", "iokit", "user-preference", "managed-preference", "appleevent", "distributed-notification", "darwin-notification",
        "lsopen", "nvram", "system-kext", "hid-control", "authorization", "file-issue-extension", "generic-issue-extension", "qtn-",
        "opendirectory", "device-", "storage-class", "system-fsctl", "process-codesigning", "load-unsigned-code", "job-creation",
        "boot-arg-set", "system-mac", "fs-snapshot",
    ];

    public static void Report(ProfileOracle oracle, DiagnosticSet diagnostics)
    {
        foreach (var (operation, explanation) in PathOperations)
        {
            if (oracle.DecideAnyPath(operation).MayBeDenied)
            {
                diagnostics.Warning(LandlockDiagnostics.NotEnforced, null, $"{operation} is not enforced on Linux: {explanation}", operation);
            }
        }

        foreach (var (operation, explanation) in PlainOperations)
        {
            if (oracle.Engine.Decide(new AccessRequest(operation)).MayBeDenied)
            {
                diagnostics.Warning(LandlockDiagnostics.NotEnforced, null, $"{operation} is not enforced on Linux: {explanation}", operation);
            }
        }

        var macOnly = oracle.Profile.Rules
            .SelectMany(r => r.Operations)
            .Select(OperationCatalog.Canonicalize)
            .Where(op => MacOnlyStems.Any(stem => op.StartsWith(stem, StringComparison.Ordinal)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (macOnly.Count > 0)
        {
            diagnostics.Info(LandlockDiagnostics.NotApplicable, null,
                "macOS-only operations have no Linux counterpart and are ignored: " + string.Join(", ", macOnly));
        }
    }
}
