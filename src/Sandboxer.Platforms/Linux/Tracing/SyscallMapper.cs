using Sandboxer.Events;

namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>
/// Turns one complete traced call into the Seatbelt-shaped accesses it stands for (docs/linux-backend.md §2):
/// resolves every path to the absolute form the kernel used (the <c>-y</c> decoration when there is one, otherwise
/// the per-process working directory or dirfd joined and normalised), keeps the spelling the program used when it
/// differs, records failures with their errno (EACCES and EPERM both as <c>error:EACCES</c>), and keeps the process
/// table (forks, execs, working directories) and the socket table up to date. Pure: no filesystem access except
/// through the <see cref="IExecutableInspector"/>.
/// </summary>
internal sealed partial class SyscallMapper
{
    private const int MaxArguments = 8;

    private readonly TracedProcessTable _processes;
    private readonly IExecutableInspector? _inspector;
    private readonly Action<AccessEvent> _emit;
    private readonly TraceCounters _counters;
    private readonly SocketTable _sockets = new();
    private readonly PidFdTable _pidfds = new();
    private readonly PathStringCache _strings = new();
    private readonly PathStringCache _words = new(1024);
    private readonly ByteScratch _scratch = new();

    public SyscallMapper(TracedProcessTable processes, IExecutableInspector? inspector, TraceCounters counters, Action<AccessEvent> emit)
    {
        _processes = processes;
        _inspector = inspector;
        _counters = counters;
        _emit = emit;
    }

    /// <summary>Sockets currently known (bounded).</summary>
    public int KnownSockets => _sockets.Count;

    /// <summary>Distinct path strings currently cached (bounded).</summary>
    public int CachedStrings => _strings.Count;

    /// <summary>
    /// Maps one call. <paramref name="execSucceeded"/> is set for an execve that strace reported through
    /// <c>&lt;pid changed to …&gt;</c> (its own result line is meaningless then).
    /// </summary>
    public void Map(TracedThread thread, KnownSyscall syscall, ReadOnlySpan<byte> arguments, SyscallResult result, bool execSucceeded = false)
    {
        _scratch.Reset();
        Span<Range> ranges = stackalloc Range[MaxArguments];
        var count = Math.Min(StraceText.SplitArguments(arguments, ranges), MaxArguments);
        var call = new Call(thread, syscall.Name, arguments, ranges[..count], result);
        switch (syscall.Kind)
        {
            case Syscall.Open:
            case Syscall.OpenAt:
            case Syscall.OpenAt2:
            case Syscall.Creat:
                MapOpen(call, syscall.Kind);
                break;
            case Syscall.Stat:
            case Syscall.LStat:
            case Syscall.Access:
            case Syscall.ReadLink:
            case Syscall.StatFs:
            case Syscall.NewFStatAt:
            case Syscall.StatX:
            case Syscall.FAccessAt:
            case Syscall.FAccessAt2:
            case Syscall.ReadLinkAt:
            case Syscall.NameToHandleAt:
            case Syscall.InotifyAddWatch:
                MapMetadata(call, syscall.Kind);
                break;
            case Syscall.Chdir:
            case Syscall.FChdir:
                MapChdir(call, syscall.Kind);
                break;
            case Syscall.Chroot:
                MapPathOperation(call, Operations.FileChroot, PathAtCwd(call, 0));
                break;
            case Syscall.GetXattr:
            case Syscall.LGetXattr:
            case Syscall.ListXattr:
            case Syscall.LListXattr:
                MapPathOperation(call, Operations.FileReadXattr, PathAtCwd(call, 0));
                break;
            case Syscall.FGetXattr:
            case Syscall.FListXattr:
                MapPathOperation(call, Operations.FileReadXattr, FdPath(call, 0));
                break;
            case Syscall.GetDents:
            case Syscall.GetDents64:
                MapPathOperation(call, Operations.FileReadData, FdPath(call, 0), "directory");
                break;
            case Syscall.Mkdir:
            case Syscall.MkdirAt:
            case Syscall.Mknod:
            case Syscall.MknodAt:
            case Syscall.Symlink:
            case Syscall.SymlinkAt:
                MapCreate(call, syscall.Kind);
                break;
            case Syscall.Rmdir:
            case Syscall.Unlink:
            case Syscall.UnlinkAt:
                MapUnlink(call, syscall.Kind);
                break;
            case Syscall.Rename:
            case Syscall.RenameAt:
            case Syscall.RenameAt2:
                MapRename(call, syscall.Kind);
                break;
            case Syscall.Link:
            case Syscall.LinkAt:
                MapLink(call, syscall.Kind);
                break;
            case Syscall.Chmod:
            case Syscall.FChmod:
            case Syscall.FChmodAt:
            case Syscall.FChmodAt2:
                MapChmod(call, syscall.Kind);
                break;
            case Syscall.Chown:
            case Syscall.LChown:
                MapPathOperation(call, Operations.FileWriteOwner, PathAtCwd(call, 0));
                break;
            case Syscall.FChown:
                MapPathOperation(call, Operations.FileWriteOwner, FdPath(call, 0));
                break;
            case Syscall.FChownAt:
                MapPathOperation(call, Operations.FileWriteOwner, PathAt(call, 0, 1, emptyMeansDirectory: true));
                break;
            case Syscall.Utime:
            case Syscall.Utimes:
                MapPathOperation(call, Operations.FileWriteTimes, PathAtCwd(call, 0));
                break;
            case Syscall.UtimensAt:
            case Syscall.FutimesAt:
                MapPathOperation(call, Operations.FileWriteTimes, call.Argument(1).SequenceEqual("NULL"u8) ? FdPath(call, 0) : PathAt(call, 0, 1, emptyMeansDirectory: true));
                break;
            case Syscall.Truncate:
                MapPathOperation(call, Operations.FileWriteData, PathAtCwd(call, 0));
                break;
            case Syscall.FTruncate:
            case Syscall.FAllocate:
                MapPathOperation(call, Operations.FileWriteData, FdPath(call, 0));
                break;
            case Syscall.SetXattr:
            case Syscall.LSetXattr:
            case Syscall.RemoveXattr:
            case Syscall.LRemoveXattr:
                MapPathOperation(call, Operations.FileWriteXattr, PathAtCwd(call, 0));
                break;
            case Syscall.FSetXattr:
            case Syscall.FRemoveXattr:
                MapPathOperation(call, Operations.FileWriteXattr, FdPath(call, 0));
                break;
            case Syscall.Ioctl:
                MapIoctl(call);
                break;
            case Syscall.Mmap:
                MapMmap(call);
                break;
            case Syscall.Fork:
            case Syscall.VFork:
            case Syscall.Clone:
            case Syscall.Clone3:
                MapClone(call, syscall.Kind);
                break;
            case Syscall.Execve:
            case Syscall.ExecveAt:
                MapExec(call, syscall.Kind, execSucceeded);
                break;
            case Syscall.Kill:
            case Syscall.TKill:
            case Syscall.TgKill:
            case Syscall.RtSigQueueInfo:
            case Syscall.RtTgSigQueueInfo:
            case Syscall.PidFdSendSignal:
                MapSignal(call, syscall.Kind);
                break;
            case Syscall.PidFdOpen:
                MapPidFdOpen(call);
                break;
            case Syscall.Socket:
                MapSocket(call);
                break;
            case Syscall.Bind:
                MapBind(call);
                break;
            case Syscall.Listen:
            case Syscall.Accept:
            case Syscall.Accept4:
                MapInbound(call);
                break;
            case Syscall.Connect:
                MapOutbound(call, 1);
                break;
            case Syscall.SendTo:
                MapOutbound(call, 4);
                break;
            case Syscall.SendMsg:
            case Syscall.SendMmsg:
                MapMessages(call);
                break;
            default:
                _counters.IgnoredCalls++;
                break;
        }
    }

    /// <summary>The result of a call as an event result: EACCES and EPERM both become <c>error:EACCES</c>.</summary>
    private AccessResult Outcome(in Call call)
    {
        if (call.Result.Outcome != SyscallOutcome.Failure)
        {
            return AccessResult.Ok;
        }

        var errno = call.Result.Errno;
        if (errno.SequenceEqual("EACCES"u8) || errno.SequenceEqual("EPERM"u8))
        {
            return AccessResult.Error("EACCES");
        }

        return AccessResult.Error(errno.IsEmpty ? "EUNKNOWN" : _words.Get(errno));
    }

    private void Emit(
        in Call call,
        string operation,
        AccessResult result,
        string? path = null,
        string? requestedPath = null,
        string? fileType = null,
        NetworkEndpoint? local = null,
        NetworkEndpoint? remote = null,
        string? name = null,
        string? target = null,
        int? signal = null)
    {
        var process = call.Thread.Process;
        _counters.Events++;
        _emit(new AccessEvent
        {
            Operation = operation,
            Path = path,
            RequestedPath = requestedPath == path ? null : requestedPath,
            Local = local,
            Remote = remote,
            Name = name,
            Target = target,
            Signal = signal,
            FileType = fileType,
            Pid = process.Pid,
            Ppid = process.ParentPid,
            Process = process.Name,
            Executable = process.Executable,
            Result = result,
            Syscall = call.Syscall,
        });
    }

    private void MapPathOperation(in Call call, string operation, ResolvedPath path, string? fileType = null)
    {
        if (path.IsResolved)
        {
            Emit(call, operation, Outcome(call), path.Path, path.Requested, fileType);
        }
    }

    /// <summary>
    /// The path a <c>(dirfd, path)</c> pair names: absolute paths as given, relative ones joined to the dirfd's
    /// decoration or, for <c>AT_FDCWD</c>, to the working directory (which its decoration also refreshes).
    /// With <paramref name="emptyMeansDirectory"/> an empty path (<c>AT_EMPTY_PATH</c>) names the dirfd itself.
    /// </summary>
    private ResolvedPath PathAt(in Call call, int dirfdIndex, int pathIndex, bool emptyMeansDirectory = false)
    {
        var dirfd = call.Argument(dirfdIndex);
        var atWorkingDirectory = StraceArguments.IsCurrentDirectory(dirfd);
        if (atWorkingDirectory)
        {
            // Every AT_FDCWD<…> shows the working directory at entry: keep the model in step with it.
            var decoration = StraceArguments.Decoration(dirfd);
            if (!decoration.IsEmpty && decoration[0] == (byte)'/')
            {
                call.Thread.FileSystem.SetWorkingDirectory(StraceText.Unescape(decoration, _scratch));
            }
        }

        if (!StraceArguments.TryString(call.Argument(pathIndex), _scratch, out var raw))
        {
            return default;
        }

        if (!raw.IsEmpty && raw[0] == (byte)'/')
        {
            return Resolved(LexicalPath.Normalize(raw, _scratch));
        }

        ReadOnlySpan<byte> directory;
        if (atWorkingDirectory)
        {
            if (call.Thread.FileSystem.HasWorkingDirectory)
            {
                directory = call.Thread.FileSystem.WorkingDirectory;
            }
            else
            {
                _counters.UnresolvedPaths++;
                return default;
            }
        }
        else
        {
            var decoration = StraceArguments.Decoration(dirfd);
            if (decoration.IsEmpty || decoration[0] != (byte)'/')
            {
                _counters.UnresolvedPaths++;
                return default;
            }

            directory = StraceText.Unescape(decoration, _scratch);
        }

        if (raw.IsEmpty && !emptyMeansDirectory)
        {
            return default;
        }

        return Resolved(LexicalPath.Resolve(directory, raw, _scratch));
    }

    /// <summary>A path argument of a call without dirfd (open, stat, rename, …): relative to the working directory.</summary>
    private ResolvedPath PathAtCwd(in Call call, int pathIndex)
    {
        if (!StraceArguments.TryString(call.Argument(pathIndex), _scratch, out var raw))
        {
            return default;
        }

        return PathFromCwd(call, raw);
    }

    private ResolvedPath PathFromCwd(in Call call, ReadOnlySpan<byte> raw)
    {
        if (!raw.IsEmpty && raw[0] == (byte)'/')
        {
            return Resolved(LexicalPath.Normalize(raw, _scratch));
        }

        if (!call.Thread.FileSystem.HasWorkingDirectory || raw.IsEmpty)
        {
            _counters.UnresolvedPaths++;
            return default;
        }

        return Resolved(LexicalPath.Resolve(call.Thread.FileSystem.WorkingDirectory, raw, _scratch));
    }

    /// <summary>The file an fd argument refers to, from its decoration; unresolved for pipes, sockets and memfds.</summary>
    private ResolvedPath FdPath(in Call call, int index)
    {
        var decoration = StraceArguments.Decoration(call.Argument(index));
        return IsFilePath(decoration) ? Resolved(StraceText.Unescape(decoration, _scratch)) : default;
    }

    /// <summary>
    /// The requested path paired with the kernel's resolved path from a result decoration (open's returned fd), when
    /// the call succeeded and the decoration names a file.
    /// </summary>
    private ResolvedPath WithResult(ResolvedPath requested, in Call call)
    {
        var decoration = call.Result.Decoration;
        if (!requested.IsResolved || !call.Result.IsSuccess || !IsFilePath(decoration))
        {
            return requested;
        }

        var resolved = _strings.Get(StraceText.Unescape(decoration, _scratch));
        return new ResolvedPath(resolved, requested.Path);
    }

    private ResolvedPath Resolved(ReadOnlySpan<byte> path) => new(_strings.Get(path), null);

    private static bool IsFilePath(ReadOnlySpan<byte> decoration) =>
        !decoration.IsEmpty && decoration[0] == (byte)'/' && !decoration.StartsWith("/memfd:"u8);

    /// <summary>One call being mapped: its task, name, arguments (split at top-level commas) and result.</summary>
    private readonly ref struct Call
    {
        private readonly ReadOnlySpan<byte> _arguments;
        private readonly ReadOnlySpan<Range> _ranges;

        public Call(TracedThread thread, string syscall, ReadOnlySpan<byte> arguments, ReadOnlySpan<Range> ranges, SyscallResult result)
        {
            Thread = thread;
            Syscall = syscall;
            _arguments = arguments;
            _ranges = ranges;
            Result = result;
        }

        public TracedThread Thread { get; }

        public string Syscall { get; }

        public SyscallResult Result { get; }

        public ReadOnlySpan<byte> AllArguments => _arguments;

        public int Count => _ranges.Length;

        public ReadOnlySpan<byte> Argument(int index) => index < _ranges.Length ? _arguments[_ranges[index]] : default;
    }

    /// <summary>A resolved path (what the kernel used) and, when different, the path as the program spelled it.</summary>
    private readonly record struct ResolvedPath(string? Path, string? Requested)
    {
        public bool IsResolved => Path is not null;
    }
}
