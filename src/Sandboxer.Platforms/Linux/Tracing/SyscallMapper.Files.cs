using System.Text;
using Sandboxer.Events;

namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>File calls: opening, metadata, namespace changes, attributes, ioctl and executable mappings.</summary>
internal sealed partial class SyscallMapper
{
    private const string SharedMemoryPrefix = "/dev/shm/";
    private const string SysctlPrefix = "/proc/sys/";

    private void MapOpen(in Call call, Syscall kind)
    {
        ResolvedPath requested;
        ReadOnlySpan<byte> flags;
        switch (kind)
        {
            case Syscall.Open:
                requested = PathAtCwd(call, 0);
                flags = call.Argument(1);
                break;
            case Syscall.Creat:
                requested = PathAtCwd(call, 0);
                flags = "O_WRONLY|O_CREAT|O_TRUNC"u8;
                break;
            case Syscall.OpenAt2:
                requested = PathAt(call, 0, 1);
                flags = StraceArguments.Field(call.Argument(2), "flags="u8);
                break;
            default:
                requested = PathAt(call, 0, 1);
                flags = call.Argument(2);
                break;
        }

        if (!requested.IsResolved)
        {
            return;
        }

        var path = WithResult(requested, call);
        var result = Outcome(call);
        if (StraceArguments.HasFlag(flags, "O_PATH"u8))
        {
            Emit(call, Operations.FileReadMetadata, result, path.Path, path.Requested);
            return;
        }

        if (StraceArguments.HasFlag(flags, "O_DIRECTORY"u8))
        {
            Emit(call, Operations.FileReadMetadata, result, path.Path, path.Requested, "directory");
            return;
        }

        var writeOnly = StraceArguments.HasFlag(flags, "O_WRONLY"u8);
        var write = writeOnly || StraceArguments.HasFlag(flags, "O_RDWR"u8) || StraceArguments.HasFlag(flags, "O_TRUNC"u8);
        var read = !writeOnly;
        var create = StraceArguments.HasFlag(flags, "O_CREAT"u8) && CanBeCreated(path.Path!);
        if (read)
        {
            Emit(call, Operations.FileReadData, result, path.Path, path.Requested);
        }

        if (write)
        {
            Emit(call, Operations.FileWriteData, result, path.Path, path.Requested);
        }

        if (create)
        {
            Emit(call, Operations.FileWriteCreate, result, path.Path, path.Requested);
        }

        if (SharedMemoryName(path.Path!) is { } shm)
        {
            if (read)
            {
                Emit(call, Operations.ShmReadData, result, name: shm);
            }

            if (write)
            {
                Emit(call, Operations.ShmWriteData, result, name: shm);
            }

            if (create)
            {
                Emit(call, Operations.ShmWriteCreate, result, name: shm);
            }
        }
        else if (SysctlName(path.Path!) is { } sysctl)
        {
            Emit(call, write ? Operations.SysctlWrite : Operations.SysctlRead, result, name: sysctl);
        }
    }

    private void MapMetadata(in Call call, Syscall kind)
    {
        var path = kind switch
        {
            Syscall.Stat or Syscall.LStat or Syscall.Access or Syscall.ReadLink or Syscall.StatFs => PathAtCwd(call, 0),
            Syscall.InotifyAddWatch => PathAtCwd(call, 1),
            _ => PathAt(call, 0, 1),
        };
        var buffer = kind switch
        {
            Syscall.Stat or Syscall.LStat => call.Argument(1),
            Syscall.NewFStatAt => call.Argument(2),
            Syscall.StatX => call.Argument(4),
            _ => default,
        };

        if (path.IsResolved)
        {
            var fileType = call.Result.IsSuccess ? StatFileType(buffer) : null;
            Emit(call, Operations.FileReadMetadata, Outcome(call), path.Path, path.Requested, fileType);
        }
    }

    private void MapChdir(in Call call, Syscall kind)
    {
        var path = kind == Syscall.Chdir ? PathAtCwd(call, 0) : FdPath(call, 0);
        if (!path.IsResolved)
        {
            return;
        }

        Emit(call, Operations.FileReadMetadata, Outcome(call), path.Path, path.Requested, "directory");
        if (call.Result.IsSuccess)
        {
            call.Thread.FileSystem.SetWorkingDirectory(PathBytes.Encode(path.Path!));
        }
    }

    private void MapCreate(in Call call, Syscall kind)
    {
        var (path, fileType) = kind switch
        {
            Syscall.Mkdir => (PathAtCwd(call, 0), "directory"),
            Syscall.MkdirAt => (PathAt(call, 0, 1), "directory"),
            Syscall.Mknod => (PathAtCwd(call, 0), StraceArguments.Mode(call.Argument(1)).FileType ?? "file"),
            Syscall.MknodAt => (PathAt(call, 0, 1), StraceArguments.Mode(call.Argument(2)).FileType ?? "file"),
            Syscall.Symlink => (PathAtCwd(call, 1), "symlink"),
            _ => (PathAt(call, 1, 2), "symlink"),
        };

        MapPathOperation(call, Operations.FileWriteCreate, path, fileType);
    }

    private void MapUnlink(in Call call, Syscall kind)
    {
        var (path, fileType) = kind switch
        {
            Syscall.Rmdir => (PathAtCwd(call, 0), "directory"),
            Syscall.Unlink => (PathAtCwd(call, 0), null),
            _ => (PathAt(call, 0, 1), StraceArguments.HasFlag(call.Argument(2), "AT_REMOVEDIR"u8) ? "directory" : null),
        };

        if (!path.IsResolved)
        {
            return;
        }

        var result = Outcome(call);
        Emit(call, Operations.FileWriteUnlink, result, path.Path, path.Requested, fileType);
        if (SharedMemoryName(path.Path!) is { } shm)
        {
            Emit(call, Operations.ShmWriteUnlink, result, name: shm);
        }
    }

    private void MapRename(in Call call, Syscall kind)
    {
        var source = kind == Syscall.Rename ? PathAtCwd(call, 0) : PathAt(call, 0, 1);
        var destination = kind == Syscall.Rename ? PathAtCwd(call, 1) : PathAt(call, 2, 3);
        var exchange = kind == Syscall.RenameAt2 && StraceArguments.HasFlag(call.Argument(4), "RENAME_EXCHANGE"u8);
        var result = Outcome(call);
        if (source.IsResolved)
        {
            Emit(call, Operations.FileWriteUnlink, result, source.Path);
            if (exchange)
            {
                Emit(call, Operations.FileWriteCreate, result, source.Path);
            }
        }

        if (destination.IsResolved)
        {
            Emit(call, Operations.FileWriteCreate, result, destination.Path);
            if (exchange)
            {
                Emit(call, Operations.FileWriteUnlink, result, destination.Path);
            }
        }
    }

    private void MapLink(in Call call, Syscall kind)
    {
        var destination = kind == Syscall.Link ? PathAtCwd(call, 1) : PathAt(call, 2, 3);
        MapPathOperation(call, Operations.FileWriteCreate, destination);
    }

    private void MapChmod(in Call call, Syscall kind)
    {
        var path = kind switch
        {
            Syscall.Chmod => PathAtCwd(call, 0),
            Syscall.FChmod => FdPath(call, 0),
            _ => PathAt(call, 0, 1, emptyMeansDirectory: true),
        };
        var mode = call.Argument(kind is Syscall.Chmod or Syscall.FChmod ? 1 : 2);

        if (!path.IsResolved)
        {
            return;
        }

        var result = Outcome(call);
        Emit(call, Operations.FileWriteMode, result, path.Path, path.Requested);
        if ((StraceArguments.Mode(mode).Bits & 0xc00) != 0)
        {
            Emit(call, Operations.FileWriteSetugid, result, path.Path, path.Requested);
        }
    }

    private void MapIoctl(in Call call)
    {
        var path = FdPath(call, 0);
        if (!path.IsResolved)
        {
            _counters.IgnoredCalls++;
            return;
        }

        var result = Outcome(call);
        Emit(call, Operations.FileIoctl, result, path.Path);
        var request = call.Argument(1);
        if (request.SequenceEqual("FS_IOC_SETFLAGS"u8) || request.SequenceEqual("FS_IOC_FSSETXATTR"u8))
        {
            Emit(call, Operations.FileWriteFlags, result, path.Path);
        }
    }

    private void MapMmap(in Call call)
    {
        if (!StraceArguments.HasFlag(call.Argument(2), "PROT_EXEC"u8))
        {
            _counters.IgnoredCalls++;
            return;
        }

        var path = FdPath(call, 4);
        if (path.IsResolved)
        {
            Emit(call, Operations.FileMapExecutable, Outcome(call), path.Path);
        }
        else
        {
            _counters.IgnoredCalls++;
        }
    }

    /// <summary>
    /// Whether an <c>O_CREAT</c> open may have created the file. The trace cannot tell an existing file from a new
    /// one, so any path counts (over-approximation), except device, proc and sysfs files, which open cannot create.
    /// </summary>
    private static bool CanBeCreated(string path) =>
        !(path.StartsWith("/proc/", StringComparison.Ordinal)
            || path.StartsWith("/sys/", StringComparison.Ordinal)
            || (path.StartsWith("/dev/", StringComparison.Ordinal)
                && !path.StartsWith(SharedMemoryPrefix, StringComparison.Ordinal)
                && !path.StartsWith("/dev/mqueue/", StringComparison.Ordinal)));

    /// <summary><c>/dev/shm/NAME</c> (what shm_open uses) → the POSIX name <c>/NAME</c>.</summary>
    private static string? SharedMemoryName(string path) =>
        path.Length > SharedMemoryPrefix.Length && path.StartsWith(SharedMemoryPrefix, StringComparison.Ordinal)
            ? path[(SharedMemoryPrefix.Length - 1)..]
            : null;

    /// <summary>
    /// <c>/proc/sys/kernel/ostype</c> → <c>kernel.ostype</c>, the dotted form sysctl(8) uses (a dot inside a
    /// component becomes a slash, as sysctl writes it).
    /// </summary>
    private static string? SysctlName(string path)
    {
        if (path.Length <= SysctlPrefix.Length || !path.StartsWith(SysctlPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var builder = new StringBuilder(path.Length - SysctlPrefix.Length);
        foreach (var c in path.AsSpan(SysctlPrefix.Length))
        {
            builder.Append(c switch { '/' => '.', '.' => '/', _ => c });
        }

        return builder.ToString();
    }

    /// <summary>The file type in a successful stat buffer (<c>{st_mode=S_IFDIR|0755, …}</c> or <c>stx_mode=</c>).</summary>
    private static string? StatFileType(ReadOnlySpan<byte> buffer)
    {
        var mode = StraceArguments.Field(buffer, "st_mode="u8);
        if (mode.IsEmpty)
        {
            mode = StraceArguments.Field(buffer, "stx_mode="u8);
        }

        var bar = mode.IndexOf((byte)'|');
        return mode.IsEmpty ? null : StraceArguments.FileTypeOf(bar < 0 ? mode : mode[..bar]);
    }
}
