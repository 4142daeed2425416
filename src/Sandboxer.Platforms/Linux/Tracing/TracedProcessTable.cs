namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>
/// The traced process tree as far as the trace shows it: threads and processes, parents, working directories
/// (shared between <c>CLONE_FS</c> threads, copied on fork), and the image each process runs. Entries are removed
/// when strace reports the task's end, so the table only holds live tasks (and a bounded memory of recent ends).
/// </summary>
internal sealed class TracedProcessTable
{
    private const int RecentExitCapacity = 4096;

    private readonly Dictionary<int, TracedThread> _threads = [];
    private readonly Dictionary<int, TracedProcess> _processes = [];
    private readonly List<(int Tid, CloneFlags Flags)> _cloning = [];
    private readonly HashSet<int> _recentlyExited = [];
    private readonly Queue<int> _exitOrder = new();

    private readonly byte[]? _initialWorkingDirectory;

    public TracedProcessTable(ReadOnlySpan<byte> initialWorkingDirectory)
    {
        _initialWorkingDirectory = initialWorkingDirectory.IsEmpty ? null : initialWorkingDirectory.ToArray();
    }

    /// <summary>The first traced process (the program the tracer started), once a line was seen.</summary>
    public int? RootPid { get; private set; }

    /// <summary>Processes seen over the whole trace (not only live ones).</summary>
    public long ProcessesSeen { get; private set; }

    public int LiveThreads => _threads.Count;

    public int LiveProcesses => _processes.Count;

    /// <summary>The most tasks that were alive at once.</summary>
    public int HighWaterMark { get; private set; }

    /// <summary>
    /// The task printing a line. A task not seen before is the root (first line of the trace), a child whose
    /// creator's clone has not returned yet (vfork children print first), or, failing both, a process of unknown
    /// parentage (a trace that starts in the middle).
    /// </summary>
    public TracedThread Get(int tid)
    {
        if (_threads.TryGetValue(tid, out var thread))
        {
            return thread;
        }

        if (RootPid is null)
        {
            RootPid = tid;
            return AddProcess(tid, null, null, null, new FileSystemContext(_initialWorkingDirectory));
        }

        for (var i = _cloning.Count - 1; i >= 0; i--)
        {
            var (creatorTid, flags) = _cloning[i];
            if (_threads.TryGetValue(creatorTid, out var creator))
            {
                return AddChild(creator, tid, flags);
            }
        }

        return AddProcess(tid, null, null, null, new FileSystemContext(_initialWorkingDirectory));
    }

    /// <summary>Looks up a live process by pid (thread group id).</summary>
    public TracedProcess? FindProcess(int pid) => _processes.GetValueOrDefault(pid);

    /// <summary>Looks up the process a live thread id belongs to.</summary>
    public TracedProcess? FindProcessOfThread(int tid) => _threads.TryGetValue(tid, out var thread) ? thread.Process : null;

    /// <summary>A clone-family call is in flight in <paramref name="tid"/>: a task that shows up now is probably its child.</summary>
    public void CloneStarted(int tid, CloneFlags flags)
    {
        CloneFinished(tid);
        _cloning.Add((tid, flags));
    }

    public void CloneFinished(int tid)
    {
        for (var i = _cloning.Count - 1; i >= 0; i--)
        {
            if (_cloning[i].Tid == tid)
            {
                _cloning.RemoveAt(i);
            }
        }
    }

    /// <summary>A clone-family call returned the new task's id.</summary>
    public void Cloned(TracedThread creator, int childTid, CloneFlags flags)
    {
        // A child can live and die before its creator's clone returns (vfork, a busy tracer): it was adopted
        // when it first printed; do not bring it back.
        if (_recentlyExited.Contains(childTid))
        {
            return;
        }

        if (_threads.TryGetValue(childTid, out var existing))
        {
            // Adopted when it printed before this clone returned: make sure it hangs where the kernel put it.
            if (flags.HasFlag(CloneFlags.Thread))
            {
                if (existing.Process != creator.Process)
                {
                    Detach(existing);
                    existing.Process = creator.Process;
                    creator.Process.ThreadCount++;
                }
            }
            else if (existing.Process.Pid == childTid)
            {
                existing.Process.ParentPid = flags.HasFlag(CloneFlags.Parent) ? creator.Process.ParentPid : creator.Process.Pid;
            }

            return;
        }

        AddChild(creator, childTid, flags);
    }

    /// <summary>A successful execve: the process runs a new image (and a multi-threaded process keeps only this thread).</summary>
    public void Executed(TracedThread thread, string? name, string? executable)
    {
        var process = thread.Process;
        process.Name = name;
        process.Executable = executable;
        if (process.ThreadCount > 1)
        {
            foreach (var other in _threads.Values.Where(t => t.Process == process && t != thread).ToList())
            {
                _threads.Remove(other.Tid);
                process.ThreadCount--;
            }
        }

        // After exec the thread no longer shares its filesystem context with threads that are gone.
        thread.FileSystem = thread.FileSystem.Copy();
    }

    /// <summary>
    /// Thread <paramref name="execTid"/> of process <paramref name="pid"/> called execve and took over the pid
    /// (<c>&lt;pid changed to …&gt;</c>, <c>superseded by execve</c>).
    /// </summary>
    public void TookOverPid(int execTid, int pid)
    {
        if (execTid == pid || !_threads.Remove(execTid, out var thread))
        {
            return;
        }

        if (_threads.Remove(pid, out var leader) && leader.Process == thread.Process)
        {
            thread.Process.ThreadCount--;
        }

        _threads[pid] = new TracedThread(pid, thread.Process, thread.FileSystem);
    }

    /// <summary>
    /// A task ended. Returns its process when that was the last thread of it (the process is gone), otherwise null.
    /// </summary>
    public TracedProcess? Exited(int tid)
    {
        CloneFinished(tid);
        if (!_threads.Remove(tid, out var thread))
        {
            return null;
        }

        RememberExit(tid);

        return Detach(thread) ? thread.Process : null;
    }

    /// <summary>True when <paramref name="pid"/> is a (transitive) child of <paramref name="ancestor"/>.</summary>
    public bool IsDescendant(int pid, int ancestor)
    {
        var current = FindProcess(pid);
        for (var depth = 0; current?.ParentPid is { } parent && depth < 4096; depth++)
        {
            if (parent == ancestor)
            {
                return true;
            }

            current = FindProcess(parent);
        }

        return false;
    }

    /// <summary>Remembers the last ends (bounded), so a late clone result does not resurrect a finished task.</summary>
    private void RememberExit(int tid)
    {
        if (_recentlyExited.Add(tid))
        {
            _exitOrder.Enqueue(tid);
        }

        if (_exitOrder.Count > RecentExitCapacity)
        {
            _recentlyExited.Remove(_exitOrder.Dequeue());
        }
    }

    private TracedThread AddChild(TracedThread creator, int tid, CloneFlags flags)
    {
        var fileSystem = flags.HasFlag(CloneFlags.FileSystem) ? creator.FileSystem : creator.FileSystem.Copy();
        if (flags.HasFlag(CloneFlags.Thread))
        {
            _recentlyExited.Remove(tid);
            var thread = new TracedThread(tid, creator.Process, fileSystem);
            creator.Process.ThreadCount++;
            _threads[tid] = thread;
            HighWaterMark = Math.Max(HighWaterMark, _threads.Count);
            return thread;
        }

        var parent = flags.HasFlag(CloneFlags.Parent) ? creator.Process.ParentPid : creator.Process.Pid;
        return AddProcess(tid, parent, creator.Process.Name, creator.Process.Executable, fileSystem);
    }

    private TracedThread AddProcess(int pid, int? parentPid, string? name, string? executable, FileSystemContext fileSystem)
    {
        _recentlyExited.Remove(pid);
        if (_threads.Remove(pid, out var stale))
        {
            Detach(stale);
        }

        var process = new TracedProcess(pid, parentPid, name, executable) { ThreadCount = 1 };
        _processes[pid] = process;
        var thread = new TracedThread(pid, process, fileSystem);
        _threads[pid] = thread;
        ProcessesSeen++;
        HighWaterMark = Math.Max(HighWaterMark, _threads.Count);
        return thread;
    }

    /// <summary>Removes a thread from its process; true when the process has no thread left (and is removed).</summary>
    private bool Detach(TracedThread thread)
    {
        var process = thread.Process;
        process.ThreadCount--;
        if (process.ThreadCount > 0)
        {
            return false;
        }

        if (_processes.TryGetValue(process.Pid, out var registered) && registered == process)
        {
            _processes.Remove(process.Pid);
        }

        return true;
    }
}
