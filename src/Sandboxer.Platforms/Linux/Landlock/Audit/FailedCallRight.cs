using Sandboxer.Events;

namespace Sandboxer.Platforms.Linux.Landlock.Audit;

/// <summary>
/// The Landlock right a failed call needed, as the kernel's audit record would name it (<c>fs.read_file</c>,
/// <c>fs.make_reg</c>, <c>net.connect_tcp</c>, …), and whether a plan grants it. Lets a denial seen by strace (an
/// <c>EACCES</c>, <c>EPERM</c> or <c>EXDEV</c> with no audit record) be told apart: a right the plan does not grant was
/// refused by the sandbox, a right it grants (or one Landlock does not handle) was refused by something else.
/// </summary>
/// <param name="Blocker">The right's audit name.</param>
/// <param name="Object">The path the right is checked on: the object itself, or its directory for create, remove and refer.</param>
/// <param name="Fs">The filesystem right, or none for network and scope rights.</param>
/// <param name="Net">The TCP right, or none.</param>
/// <param name="Port">The TCP port for <paramref name="Net"/>.</param>
internal sealed record FailedCallRight(string Blocker, string? Object, LandlockFsAccess Fs, LandlockNetAccess Net, int? Port)
{
    /// <summary>True when the object is the directory an entry was to be created in or removed from.</summary>
    public bool ObjectIsParent => Fs is not (LandlockFsAccess.None or LandlockFsAccess.ReadFile or LandlockFsAccess.ReadDir
        or LandlockFsAccess.WriteFile or LandlockFsAccess.Execute or LandlockFsAccess.IoctlDev);

    /// <summary>The right a failed access needed, or null when Landlock does not handle the operation at all.</summary>
    public static FailedCallRight? Of(AccessEvent accessEvent)
    {
        ArgumentNullException.ThrowIfNull(accessEvent);
        if (accessEvent.Result.Errno == "EXDEV" && accessEvent.Path is { } moved)
        {
            return new FailedCallRight("fs.refer", Parent(moved), LandlockFsAccess.Refer, LandlockNetAccess.None, null);
        }

        var path = accessEvent.Path;
        return accessEvent.Operation switch
        {
            "file-read-data" when path is not null => IsDirectory(accessEvent, path)
                ? new FailedCallRight("fs.read_dir", path, LandlockFsAccess.ReadDir, LandlockNetAccess.None, null)
                : new FailedCallRight("fs.read_file", path, LandlockFsAccess.ReadFile, LandlockNetAccess.None, null),
            "file-write-data" when path is not null => new FailedCallRight("fs.write_file", path, LandlockFsAccess.WriteFile, LandlockNetAccess.None, null),
            "process-exec" when path is not null => new FailedCallRight("fs.execute", path, LandlockFsAccess.Execute, LandlockNetAccess.None, null),
            "file-ioctl" when path is not null && path.StartsWith("/dev/", StringComparison.Ordinal)
                => new FailedCallRight("fs.ioctl_dev", path, LandlockFsAccess.IoctlDev, LandlockNetAccess.None, null),
            "file-write-create" when path is not null => Create(accessEvent, path),
            "file-write-unlink" when path is not null => IsDirectory(accessEvent, path)
                ? new FailedCallRight("fs.remove_dir", Parent(path), LandlockFsAccess.RemoveDir, LandlockNetAccess.None, null)
                : new FailedCallRight("fs.remove_file", Parent(path), LandlockFsAccess.RemoveFile, LandlockNetAccess.None, null),
            "network-outbound" when accessEvent.Remote is { Protocol: "tcp", Port: { } port }
                => new FailedCallRight("net.connect_tcp", null, LandlockFsAccess.None, LandlockNetAccess.ConnectTcp, port),
            "network-bind" when accessEvent.Local is { Protocol: "tcp", Port: { } port }
                => new FailedCallRight("net.bind_tcp", null, LandlockFsAccess.None, LandlockNetAccess.BindTcp, port),
            "network-outbound" when accessEvent.Remote is { Protocol: "unix" } && accessEvent.Path is null
                => new FailedCallRight("scope.abstract_unix_socket", null, LandlockFsAccess.None, LandlockNetAccess.None, null),
            "signal" when accessEvent.Target == "others" => new FailedCallRight("scope.signal", null, LandlockFsAccess.None, LandlockNetAccess.None, null),
            _ => null,
        };
    }

    /// <summary>Whether <paramref name="plan"/> lets the target have this right (always, for a right the plan does not handle).</summary>
    public bool GrantedBy(LandlockPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (Fs != LandlockFsAccess.None)
        {
            return Object is not null && plan.Allows(Object, Fs);
        }

        if (Net != LandlockNetAccess.None)
        {
            return Port is { } port && plan.AllowsPort(port, Net);
        }

        return Blocker switch
        {
            "scope.signal" => (plan.Scopes & LandlockScope.Signal) == LandlockScope.None,
            _ => (plan.Scopes & LandlockScope.AbstractUnixSocket) == LandlockScope.None,
        };
    }

    private static FailedCallRight Create(AccessEvent accessEvent, string path)
    {
        var (blocker, right) = (accessEvent.FileType, accessEvent.Syscall) switch
        {
            ("directory", _) or (_, "mkdir" or "mkdirat") => ("fs.make_dir", LandlockFsAccess.MakeDir),
            ("symlink", _) or (_, "symlink" or "symlinkat") => ("fs.make_sym", LandlockFsAccess.MakeSym),
            ("fifo", _) => ("fs.make_fifo", LandlockFsAccess.MakeFifo),
            ("socket", _) => ("fs.make_sock", LandlockFsAccess.MakeSock),
            _ => ("fs.make_reg", LandlockFsAccess.MakeReg),
        };
        return new FailedCallRight(blocker, Parent(path), right, LandlockNetAccess.None, null);
    }

    private static bool IsDirectory(AccessEvent accessEvent, string path) =>
        accessEvent.FileType == "directory" || accessEvent.Syscall is "rmdir" || (accessEvent.FileType is null && Directory.Exists(path));

    private static string Parent(string path) => Path.GetDirectoryName(path) is { Length: > 0 } parent ? parent : "/";
}
