using Sandboxer.Sbpl.Engine;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Platforms.Linux.Landlock.Compilation;

/// <summary>
/// Reports what the profile restricts that Linux lets through anyway (metadata, attributes, executable mappings,
/// fork, sysctl, IPC), and the macOS-only operations it names, which have no meaning on Linux.
/// </summary>
internal static class UnenforceableOperations
{
    /// <summary>Path operations Landlock does not restrict, with the calls they stand for.</summary>
    private static readonly (string Operation, string Calls)[] PathOperations =
    [
        ("file-read-metadata", "stat, access, readlink"),
        ("file-read-xattr", "getxattr"),
        ("file-write-mode", "chmod"),
        ("file-write-owner", "chown"),
        ("file-write-times", "utimes"),
        ("file-write-xattr", "setxattr"),
        ("file-write-flags", "chattr"),
        ("file-map-executable", "mmap PROT_EXEC"),
        ("file-ioctl", "ioctl except on devices"),
    ];

    /// <summary>Other operations: not restricted at all, or on Linux a file access that the file rules decide instead.</summary>
    private static readonly (string Operation, string Calls, bool FileRulesDecide)[] PlainOperations =
    [
        ("process-fork", "fork, clone", false),
        ("ipc-sysv", "shmget, semget, msgget", false),
        ("system-socket", "socket", false),
        ("sysctl-read", "/proc/sys reads", true),
        ("sysctl-write", "/proc/sys writes", true),
        ("ipc-posix-shm", "/dev/shm files", true),
        ("ipc-posix-sem", "/dev/shm files", true),
        ("pseudo-tty", "/dev/ptmx", true),
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
        var unenforced = PathOperations
            .Where(o => oracle.DecideAnyPath(o.Operation).MayBeDenied)
            .Select(o => $"{o.Operation} ({o.Calls})")
            .Concat(PlainOperations
                .Where(o => !o.FileRulesDecide && oracle.Engine.Decide(new AccessRequest(o.Operation)).MayBeDenied)
                .Select(o => $"{o.Operation} ({o.Calls})"))
            .ToList();
        if (unenforced.Count > 0)
        {
            diagnostics.Warning(LandlockDiagnostics.NotEnforced, null,
                "the profile restricts operations Landlock cannot enforce; on Linux they are allowed: " + string.Join(", ", unenforced), "operations");
        }

        var byFiles = PlainOperations
            .Where(o => o.FileRulesDecide && oracle.Engine.Decide(new AccessRequest(o.Operation)).MayBeDenied)
            .Select(o => $"{o.Operation} ({o.Calls})")
            .ToList();
        if (byFiles.Count > 0)
        {
            diagnostics.Info(LandlockDiagnostics.NotEnforced, null,
                "on Linux these are file accesses, decided by the profile's file rules instead: " + string.Join(", ", byFiles), "file-rules");
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
                "macOS-only operations have no Linux counterpart and are ignored: " + string.Join(", ", macOnly), "mac-only");
        }
    }
}
