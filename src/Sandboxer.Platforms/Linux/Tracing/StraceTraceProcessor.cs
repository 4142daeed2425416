using Sandboxer.Events;
using Sandboxer.Platforms.Processes;

namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>
/// Consumes strace output line by line and produces access events: parses each line, joins unfinished/resumed
/// halves per pid, follows the process tree and maps complete calls. State is bounded by what is alive (tasks,
/// calls in flight, sockets, a string cache), never by the length of the trace.
/// </summary>
internal sealed class StraceTraceProcessor
{
    private readonly PendingCallTable _pending = new();
    private readonly ByteScratch _joinScratch = new();
    private readonly SyscallMapper _mapper;
    private bool _rootAnnounced;

    public StraceTraceProcessor(StraceProcessorOptions options, Action<AccessEvent> emit)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(emit);
        var workingDirectory = options.WorkingDirectory is null ? default : PathBytes.Encode(options.WorkingDirectory);
        Processes = new TracedProcessTable(workingDirectory);
        _mapper = new SyscallMapper(Processes, options.Inspector, Counters, emit);
    }

    public TraceCounters Counters { get; } = new();

    public TracedProcessTable Processes { get; }

    public PendingCallTable Pending => _pending;

    public SyscallMapper Mapper => _mapper;

    /// <summary>Called once with the pid of the first traced process.</summary>
    public Action<int>? RootStarted { get; set; }

    /// <summary>Called after a clone-family call created a task (thread or process) with this id.</summary>
    public Action<int>? ProcessCreated { get; set; }

    /// <summary>Called when the first traced process is gone, with its exit code (128 + signal when killed).</summary>
    public Action<int>? RootExited { get; set; }

    /// <summary>Handles one line; <paramref name="defaultPid"/> is used when the line has no pid (<c>-ff</c> files).</summary>
    public void ProcessLine(ReadOnlySpan<byte> line, int defaultPid = 0)
    {
        Counters.Lines++;
        _joinScratch.Reset();
        var parsed = StraceLineParser.Parse(line);
        var pid = parsed.Pid != 0 ? parsed.Pid : defaultPid;
        switch (parsed.Kind)
        {
            case StraceLineKind.Call:
                HandleCall(pid, parsed.Name, parsed.Arguments, parsed.Result, execSucceeded: false);
                break;
            case StraceLineKind.Unfinished:
                Touch(pid);
                _pending.Store(pid, parsed.Name, parsed.Arguments);
                var syscall = SyscallNames.Find(parsed.Name);
                if (syscall.Kind is Syscall.Fork or Syscall.VFork or Syscall.Clone or Syscall.Clone3)
                {
                    Processes.CloneStarted(pid, SyscallMapper.CloneFlagsOf(syscall, parsed.Arguments));
                }

                break;
            case StraceLineKind.Resumed:
                if (_pending.TryJoin(pid, parsed.Name, parsed.Arguments, _joinScratch, out var body, out var execSucceeded))
                {
                    var joined = StraceLineParser.ParseBody(body, pid);
                    if (joined.Kind == StraceLineKind.Call)
                    {
                        HandleCall(pid, joined.Name, joined.Arguments, joined.Result, execSucceeded);
                    }
                    else
                    {
                        Counters.UnknownLines++;
                    }
                }
                else
                {
                    Counters.OrphanResumes++;
                }

                break;
            case StraceLineKind.PidChanged:
                Touch(pid);
                _pending.MoveSucceededExec(pid, (int)parsed.Number, parsed.Name, parsed.Arguments);
                Processes.TookOverPid(pid, (int)parsed.Number);
                break;
            case StraceLineKind.Superseded:
                Processes.TookOverPid((int)parsed.Number, pid);
                break;
            case StraceLineKind.Signal:
                Touch(pid);
                break;
            case StraceLineKind.Exited:
                Ended(pid, (int)(parsed.Number & 0xff));
                break;
            case StraceLineKind.Killed:
                Ended(pid, 128 + (SignalNumber(parsed.Name) ?? 0));
                break;
            default:
                Counters.UnknownLines++;
                break;
        }
    }

    /// <summary>The end of the trace: calls still in flight are recorded as attempts.</summary>
    public void Complete()
    {
        foreach (var pid in _pending.Pids.ToList())
        {
            _joinScratch.Reset();
            FlushUnfinished(pid);
        }
    }

    private void HandleCall(int pid, ReadOnlySpan<byte> name, ReadOnlySpan<byte> arguments, ReadOnlySpan<byte> result, bool execSucceeded)
    {
        Counters.Calls++;
        var thread = Touch(pid);
        var syscall = SyscallNames.Find(name);
        if (syscall.Kind == Syscall.Unmapped)
        {
            Counters.IgnoredCalls++;
            return;
        }

        var parsed = SyscallResult.Parse(result);
        _mapper.Map(thread, syscall, arguments, parsed, execSucceeded);
        if (ProcessCreated is { } created
            && syscall.Kind is Syscall.Fork or Syscall.VFork or Syscall.Clone or Syscall.Clone3
            && parsed.IsSuccess && parsed.Value > 0)
        {
            created((int)parsed.Value);
        }
    }

    private TracedThread Touch(int pid)
    {
        var thread = Processes.Get(pid);
        if (!_rootAnnounced && Processes.RootPid is { } root)
        {
            _rootAnnounced = true;
            RootStarted?.Invoke(root);
        }

        return thread;
    }

    private void Ended(int pid, int exitCode)
    {
        FlushUnfinished(pid);
        var process = Processes.Exited(pid);
        if (process is not null && process.Pid == Processes.RootPid)
        {
            RootExited?.Invoke(exitCode);
        }
    }

    /// <summary>A task died inside a call: the call still happened up to its permission checks, so record it.</summary>
    private void FlushUnfinished(int pid)
    {
        if (_pending.TryTakeUnfinished(pid, _joinScratch, out var body))
        {
            var call = StraceLineParser.ParseBody(body, pid);
            if (call.Kind == StraceLineKind.Call)
            {
                HandleCall(pid, call.Name, call.Arguments, call.Result, execSucceeded: false);
            }
        }
    }

    private static int? SignalNumber(ReadOnlySpan<byte> name)
    {
        Span<char> chars = stackalloc char[Math.Min(name.Length, 32)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)name[i];
        }

        return SignalNames.TryParse(chars, out var signal) ? signal : null;
    }
}
