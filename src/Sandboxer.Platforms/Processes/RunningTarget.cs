using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Sandboxer.Platforms.Processes.Native;

namespace Sandboxer.Platforms.Processes;

/// <summary>
/// A started target and the thread that supervises it. The supervising thread spawns the program itself, so the
/// program is a child of that thread and its live descendants hang below it in <c>/proc/…/task/…/children</c>.
/// The tool is a child subreaper, so orphaned descendants (daemons, double forks) are reparented to the tool rather
/// than to init; the kernel hands them to the tool's first live thread, where they sit beside children the tool
/// started for other reasons. They are told apart by an environment entry unique to this run
/// (<see cref="RunMarkerVariable"/>), which every descendant inherits unless it rebuilds its environment.
/// The whole tree is walked and terminated after the target ends (stragglers), on an interrupt, and on a timeout,
/// so nothing the target started outlives the run.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class RunningTarget : IDisposable
{
    /// <summary>Environment variable that marks every process of one run.</summary>
    public const string RunMarkerVariable = "SANDBOXER_RUN";

    private const int WrapperPollMilliseconds = 100;

    private static int s_runCounter;

    private static readonly ConcurrentDictionary<RunningTarget, byte> Active = new();
    private static readonly Lazy<bool> SubreaperEnabled = new(EnableSubreaper);

    private readonly TargetLaunch _launch;
    private readonly string _executable;
    private readonly IReadOnlyList<string> _argv;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _environment;
    private readonly string _workingDirectory;
    private readonly Thread _monitor;
    private readonly TaskCompletionSource<TargetOutcome> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _started = new();
    private readonly Stopwatch _clock = new();
    private readonly int _wakeRead;
    private readonly int _wakeWrite;
    private readonly List<PosixSignalRegistration> _signalRegistrations = [];
    private readonly HashSet<(int Pid, long StartTime)> _known = [];
    private readonly string _marker;
    private readonly Lock _wakeLock = new();
    private Exception? _startError;
    private OutputTee? _tee;
    private int _pid;
    private int _pidfd = -1;
    private int _homeTid;
    private int? _mainStatus;
    private int _interruptSignal;
    private volatile int _targetPid;
    private volatile bool _targetExitReported;
    private int _disposed;
    private bool _wakeClosed;

    static RunningTarget()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var target in Active.Keys)
            {
                target.KillEverything();
            }
        };
    }

    private unsafe RunningTarget(TargetLaunch launch, string executable, IReadOnlyList<string> argv, IReadOnlyList<KeyValuePair<string, string>> environment, string workingDirectory, string marker)
    {
        _marker = marker;
        _launch = launch;
        _executable = executable;
        _argv = argv;
        _environment = environment;
        _workingDirectory = workingDirectory;
        var fds = stackalloc int[2];
        if (LibC.pipe2(fds, LibC.O_CLOEXEC) != 0)
        {
            throw new TargetStartException("cannot create a pipe: " + LibC.ErrorText(Marshal.GetLastPInvokeError()));
        }

        _wakeRead = fds[0];
        _wakeWrite = fds[1];
        _monitor = new Thread(Supervise) { IsBackground = true, Name = "sandboxer target supervisor" };
    }

    /// <summary>Pid of the started process (the wrapper when there is one).</summary>
    public int Pid => _pid;

    /// <summary>Completes when the target and its whole tree are gone.</summary>
    public Task<TargetOutcome> Completion => _completion.Task;

    /// <summary>Starts the program; throws <see cref="TargetStartException"/> when it cannot be started.</summary>
    public static RunningTarget Start(TargetLaunch launch)
    {
        ArgumentNullException.ThrowIfNull(launch);
        if (launch.Arguments.Count == 0)
        {
            throw new TargetStartException("no program given");
        }

        _ = SubreaperEnabled.Value;
        var workingDirectory = Path.GetFullPath(launch.WorkingDirectory ?? Environment.CurrentDirectory);
        if (!Directory.Exists(workingDirectory))
        {
            throw new TargetStartException($"working directory {workingDirectory} does not exist");
        }

        var environment = BuildEnvironment(launch, workingDirectory);
        var runId = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}-{Interlocked.Increment(ref s_runCounter)}");
        environment[RunMarkerVariable] = runId;
        var program = LocateTarget(launch.Arguments[0], workingDirectory, environment);
        string executable;
        List<string> argv;
        if (launch.Wrapper is { } wrapper)
        {
            if (wrapper.Arguments.Count == 0)
            {
                throw new TargetStartException("the launch wrapper has no program");
            }

            executable = ExecutableLocator.Find(wrapper.Arguments[0])
                ?? throw new TargetStartException($"{wrapper.Arguments[0]}: command not found");
            argv = [.. wrapper.Arguments, .. launch.Arguments];
        }
        else
        {
            executable = program;
            argv = [.. launch.Arguments];
        }

        var target = new RunningTarget(launch, executable, argv, [.. environment], workingDirectory, RunMarkerVariable + "=" + runId);
        Active.TryAdd(target, 0);
        target._monitor.Start();
        target._started.Wait();
        if (target._startError is { } error)
        {
            target.Dispose();
            throw error is TargetStartException ? error : new TargetStartException(error.Message, error);
        }

        if (launch.HandleTerminationSignals)
        {
            target.RegisterSignals();
        }

        return target;
    }

    /// <summary>Waits for the run to finish; cancelling the token interrupts it as SIGINT would.</summary>
    public async Task<TargetOutcome> WaitAsync(CancellationToken cancellationToken = default)
    {
        using (cancellationToken.Register(() => Interrupt(SignalNames.SIGINT)))
        {
            return await Completion.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Interrupts the run: the signal goes to the target (unless it is a SIGINT the terminal already delivered to the
    /// target's process group), then the whole tree is terminated. The first interrupt wins.
    /// </summary>
    public void Interrupt(int signal)
    {
        if (Interlocked.CompareExchange(ref _interruptSignal, signal, 0) == 0)
        {
            Wake();
        }
    }

    /// <summary>For a forking wrapper: the pid of the real target (the tracer learns it from the first trace line).</summary>
    public void ReportTargetProcess(int pid)
    {
        _targetPid = pid;
        Wake();
    }

    /// <summary>For a forking wrapper: the real target has ended; whatever else still runs is a straggler.</summary>
    public void ReportTargetExited()
    {
        _targetExitReported = true;
        Wake();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var registration in _signalRegistrations)
        {
            registration.Dispose();
        }

        if (_monitor.IsAlive)
        {
            Interrupt(SignalNames.SIGTERM);
            _monitor.Join();
        }

        Active.TryRemove(this, out _);
        lock (_wakeLock)
        {
            // Reports from the trace may still arrive; they must not write into a reused fd number.
            _wakeClosed = true;
            LibC.close(_wakeRead);
            LibC.close(_wakeWrite);
        }

        if (_pidfd >= 0)
        {
            LibC.close(_pidfd);
        }

        _tee?.Dispose();
        _started.Dispose();
    }

    private static bool EnableSubreaper() => LibC.prctl(LibC.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0;

    private static Dictionary<string, string> BuildEnvironment(TargetLaunch launch, string workingDirectory)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
        }

        if (launch.WorkingDirectory is not null && !launch.Environment.ContainsKey("PWD"))
        {
            environment["PWD"] = workingDirectory;
        }

        foreach (var (name, value) in launch.Environment)
        {
            if (value is null)
            {
                environment.Remove(name);
            }
            else
            {
                environment[name] = value;
            }
        }

        return environment;
    }

    private static string LocateTarget(string name, string workingDirectory, Dictionary<string, string> environment)
    {
        if (name.Length == 0)
        {
            throw new TargetStartException("the program name is empty");
        }

        var candidate = name.Contains('/', StringComparison.Ordinal) && !Path.IsPathRooted(name)
            ? Path.Combine(workingDirectory, name)
            : name;
        var path = environment.TryGetValue("PATH", out var value) ? value : null;
        return ExecutableLocator.Find(candidate, path)
            ?? throw new TargetStartException(File.Exists(candidate) ? $"{name}: not executable" : $"{name}: command not found");
    }

    private void RegisterSignals()
    {
        foreach (var (signal, number) in new[] { (PosixSignal.SIGINT, SignalNames.SIGINT), (PosixSignal.SIGTERM, SignalNames.SIGTERM), (PosixSignal.SIGHUP, SignalNames.SIGHUP) })
        {
            _signalRegistrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                if (!Completion.IsCompleted)
                {
                    context.Cancel = true;
                    Interrupt(number);
                }
            }));
        }
    }

    private void Supervise()
    {
        _homeTid = LibC.gettid();
        try
        {
            Spawn();
        }
        catch (Exception ex) when (ex is TargetStartException or IOException)
        {
            _startError = ex;
            Active.TryRemove(this, out _);
            _started.Set();
            return;
        }

        _clock.Start();
        _started.Set();
        try
        {
            _completion.SetResult(Run());
        }
#pragma warning disable CA1031 // The supervisor thread must never die silently: everything is killed and the caller sees the error.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            KillEverything();
            _completion.SetException(ex);
        }
        finally
        {
            Active.TryRemove(this, out _);
        }
    }

    private void Spawn()
    {
        var stdio = _launch.Stdio;
        var output = stdio.Output is { } outputHandle ? (int)outputHandle.DangerousGetHandle() : -1;
        if (_launch.CaptureOutput)
        {
            _tee = OutputTee.Create(output >= 0 ? output : 1, _launch.CaptureLimit);
        }

        try
        {
            var standardInput = stdio.Input is { } input ? (int)input.DangerousGetHandle() : -1;
            var standardOutput = _tee is { } tee ? tee.WriteFd : output;
            var standardError = stdio.Error is { } error ? (int)error.DangerousGetHandle() : -1;
            _pid = _launch.Spawner is { } spawner
                ? spawner(new TargetSpawnRequest(_executable, _argv, _environment, _workingDirectory, standardInput, standardOutput, standardError))
                : PosixSpawn.Spawn(_executable, _argv, _environment, _workingDirectory, standardInput, standardOutput, standardError);
        }
        finally
        {
            if (_tee is { } tee)
            {
                LibC.close(tee.WriteFd);
            }
        }

        _pidfd = (int)LibC.syscall(LibC.SYS_pidfd_open, _pid, 0, 0, 0);
        if (_pidfd < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            KillEverything();
            throw new TargetStartException("pidfd_open failed: " + LibC.ErrorText(error));
        }
    }

    private TargetOutcome Run()
    {
        using var lifecycle = _launch.LongRunning is { } longRunning ? new LongRunningLifecycle(longRunning, _workingDirectory, Wake, HostExercise.Start) : null;
        var forks = _launch.Wrapper?.ForksTarget == true;
        var deadline = _launch.Timeout is { } timeout ? _clock.Elapsed + timeout : (TimeSpan?)null;
        var timedOut = false;
        var stoppedByTool = false;
        int? interruptSignal = null;
        while (true)
        {
            var waitMilliseconds = forks ? WrapperPollMilliseconds : -1;
            if (deadline is { } end)
            {
                waitMilliseconds = Sooner(waitMilliseconds, (int)Math.Clamp((end - _clock.Elapsed).TotalMilliseconds, 0, int.MaxValue));
            }

            if (lifecycle is not null)
            {
                waitMilliseconds = Sooner(waitMilliseconds, lifecycle.NextCheckMilliseconds(_clock.Elapsed));
            }

            var mainEnded = WaitForMain(waitMilliseconds);
            DrainWake();
            if (mainEnded)
            {
                break;
            }

            if (Volatile.Read(ref _interruptSignal) is var signal and not 0)
            {
                interruptSignal = signal;
                ForwardInterrupt(signal, forks, _launch.GracePeriod);
                break;
            }

            if (deadline is { } limit && _clock.Elapsed >= limit)
            {
                timedOut = true;
                ForwardInterrupt(SignalNames.SIGTERM, forks, _launch.GracePeriod);
                break;
            }

            if (forks && WrappedTargetEnded())
            {
                break;
            }

            if (lifecycle is not null && lifecycle.Advance(_clock.Elapsed, port => TcpListeners.HeldBy(RunningDescendants(exclude: null), port)))
            {
                stoppedByTool = true;
                ForwardInterrupt(SignalNames.SIGTERM, forks, _launch.LongRunning!.StopGrace);
                break;
            }
        }

        var stragglers = 0;
        if (forks && !MainHasEnded())
        {
            stragglers += TerminateTree(exclude: _pid);
            FinishWrapper();
        }

        stragglers += TerminateTree(exclude: null);
        var status = ReapMain();

        // A Ctrl-C the terminal delivered may end the program before the tool's own handler has run (or, in a
        // race, without it running at all): a program killed by SIGINT was interrupted.
        var (exitCode, killedBy) = LibC.DecodeWaitStatus(status);
        if (interruptSignal is null && Volatile.Read(ref _interruptSignal) is var late and not 0)
        {
            interruptSignal = late;
        }

        if (interruptSignal is null && killedBy == SignalNames.SIGINT)
        {
            interruptSignal = SignalNames.SIGINT;
        }

        var interrupted = interruptSignal is not null;
        return new TargetOutcome
        {
            ExitCode = exitCode,
            Signal = killedBy,
            Interrupted = interrupted,
            InterruptSignal = interruptSignal,
            TimedOut = timedOut,
            StoppedByTool = stoppedByTool,
            LongRunning = lifecycle?.Finish(stoppedByTool, endedByItself: !stoppedByTool && !interrupted && !timedOut),
            TerminatedStragglers = stragglers,
            Output = _tee?.Finish(TimeSpan.FromSeconds(1)),
            Pid = _pid,
            Elapsed = _clock.Elapsed,
        };
    }

    /// <summary>Waits for the started process to end, for a wake-up, or for the timeout (-1: forever).</summary>
    private unsafe bool WaitForMain(int timeoutMilliseconds)
    {
        var fds = stackalloc LibC.PollFd[2];
        fds[0] = new LibC.PollFd { Fd = _pidfd, Events = LibC.POLLIN };
        fds[1] = new LibC.PollFd { Fd = _wakeRead, Events = LibC.POLLIN };
        while (true)
        {
            var ready = LibC.poll(fds, 2, timeoutMilliseconds);
            if (ready >= 0)
            {
                return (fds[0].Revents & LibC.POLLIN) != 0;
            }

            if (Marshal.GetLastPInvokeError() != LibC.EINTR)
            {
                return false;
            }
        }
    }

    private unsafe bool MainHasEnded()
    {
        var fd = new LibC.PollFd { Fd = _pidfd, Events = LibC.POLLIN };
        return LibC.poll(&fd, 1, 0) > 0;
    }

    /// <summary>The shorter of two poll timeouts, where -1 means forever.</summary>
    private static int Sooner(int first, int second) => first < 0 ? second : second < 0 ? first : Math.Min(first, second);

    private void ForwardInterrupt(int signal, bool forks, TimeSpan grace)
    {
        var targets = new List<int>();
        if (!forks)
        {
            targets.Add(_pid);
        }
        else if (_targetPid != 0)
        {
            targets.Add(_targetPid);
        }
        else
        {
            ProcFs.AddChildren(_pid, targets);
        }

        // A Ctrl-C typed at the terminal already reached the target: it shares the tool's foreground process group.
        if (!(signal == SignalNames.SIGINT && IsForegroundOnTerminal()))
        {
            foreach (var pid in targets)
            {
                LibC.kill(pid, signal);
            }
        }

        WaitUntil(() => targets.TrueForAll(pid => !ProcFs.IsRunning(pid)), grace);
    }

    private bool WrappedTargetEnded()
    {
        if (_targetExitReported)
        {
            return true;
        }

        if (_targetPid == 0)
        {
            if (_launch.Wrapper?.ReportsTarget == true)
            {
                return false;
            }

            var children = new List<int>();
            ProcFs.AddChildren(_pid, children);
            if (children.Count > 0)
            {
                _targetPid = children[0];
            }

            return false;
        }

        return !ProcFs.IsRunning(_targetPid);
    }

    /// <summary>After its target's tree is gone a forking wrapper (strace) exits by itself; make sure it does.</summary>
    private void FinishWrapper()
    {
        if (!WaitUntil(MainHasEnded, _launch.GracePeriod * 4))
        {
            LibC.kill(_pid, SignalNames.SIGKILL);
        }
    }

    /// <summary>
    /// Terminates every running process under the supervising thread (except <paramref name="exclude"/>): SIGTERM
    /// (with SIGCONT, so stopped ones can act on it), a grace period, then SIGKILL until none is left. Processes that
    /// appear meanwhile are caught by the repeated walks. Returns how many processes other than the target itself
    /// had to be signalled.
    /// </summary>
    private int TerminateTree(int? exclude)
    {
        var signalled = new HashSet<int>();
        var running = RunningDescendants(exclude);
        if (running.Count == 0)
        {
            ReapZombies();
            return 0;
        }

        foreach (var pid in running)
        {
            LibC.kill(pid, SignalNames.SIGTERM);
            LibC.kill(pid, SignalNames.SIGCONT);
            signalled.Add(pid);
        }

        WaitUntil(
            () =>
            {
                ReapZombies();
                var now = RunningDescendants(exclude);
                foreach (var pid in now.Where(signalled.Add))
                {
                    LibC.kill(pid, SignalNames.SIGTERM);
                    LibC.kill(pid, SignalNames.SIGCONT);
                }

                return now.Count == 0;
            },
            _launch.GracePeriod);

        for (var attempt = 0; attempt < 1000; attempt++)
        {
            ReapZombies();
            running = RunningDescendants(exclude);
            if (running.Count == 0)
            {
                break;
            }

            foreach (var pid in running)
            {
                LibC.kill(pid, SignalNames.SIGKILL);
                signalled.Add(pid);
            }

            Thread.Sleep(5);
        }

        ReapZombies();
        signalled.Remove(_pid);
        signalled.Remove(_targetPid);
        return signalled.Count;
    }

    /// <summary>
    /// The target's tree, breadth first: the supervising thread's children, plus the tool's children that carry this
    /// run's marker (reparented orphans), and everything below them. Each process found is remembered (pid and start
    /// time) so that it can be reaped once it is a zombie, when its environment can no longer be read.
    /// </summary>
    private List<int> Descendants()
    {
        var all = new List<int>();
        ProcFs.AddThreadChildren(Environment.ProcessId, _homeTid, all);
        var ours = new List<int>();
        ProcFs.AddChildren(Environment.ProcessId, ours);
        foreach (var pid in ours)
        {
            if (!all.Contains(pid) && ProcFs.HasEnvironmentEntry(pid, _marker))
            {
                all.Add(pid);
            }
        }

        for (var i = 0; i < all.Count; i++)
        {
            ProcFs.AddChildren(all[i], all);
        }

        foreach (var pid in all)
        {
            if (ProcFs.StartTime(pid) is { } start)
            {
                _known.Add((pid, start));
            }
        }

        return all;
    }

    private List<int> RunningDescendants(int? exclude) =>
        Descendants().Where(pid => pid != exclude && ProcFs.IsRunning(pid)).ToList();

    /// <summary>Reaps the tool's zombie children that belong to this run (the target and reparented orphans).</summary>
    private void ReapZombies()
    {
        var children = new List<int>();
        ProcFs.AddChildren(Environment.ProcessId, children);
        foreach (var pid in children)
        {
            if (ProcFs.State(pid) != 'Z' || !(pid == _pid || (ProcFs.StartTime(pid) is { } start && _known.Contains((pid, start)))))
            {
                continue;
            }

            if (LibC.waitpid(pid, out var status, LibC.WNOHANG) == pid && pid == _pid)
            {
                _mainStatus = status;
            }
        }
    }

    private int ReapMain()
    {
        while (_mainStatus is null)
        {
            var result = LibC.waitpid(_pid, out var status, 0);
            if (result == _pid)
            {
                _mainStatus = status;
            }
            else if (result < 0 && Marshal.GetLastPInvokeError() != LibC.EINTR)
            {
                throw new InvalidOperationException($"waitpid({_pid}) failed: {LibC.ErrorText(Marshal.GetLastPInvokeError())}");
            }
        }

        return _mainStatus.Value;
    }

    private static bool WaitUntil(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (condition())
            {
                return true;
            }

            if (clock.Elapsed >= limit)
            {
                return false;
            }

            Thread.Sleep(10);
        }
    }

    private static bool IsForegroundOnTerminal()
    {
        for (var fd = 0; fd <= 2; fd++)
        {
            var group = LibC.tcgetpgrp(fd);
            if (group > 0)
            {
                return group == LibC.getpgrp();
            }
        }

        return false;
    }

    /// <summary>Last resort when the tool itself is exiting: SIGKILL the whole tree, no grace.</summary>
    private void KillEverything()
    {
        if (_homeTid == 0)
        {
            return;
        }

        foreach (var pid in Descendants())
        {
            LibC.kill(pid, SignalNames.SIGKILL);
        }
    }

    private unsafe void Wake()
    {
        lock (_wakeLock)
        {
            if (!_wakeClosed)
            {
                byte one = 1;
                LibC.write(_wakeWrite, &one, 1);
            }
        }
    }

    private unsafe void DrainWake()
    {
        var fd = new LibC.PollFd { Fd = _wakeRead, Events = LibC.POLLIN };
        var buffer = stackalloc byte[64];
        while (LibC.poll(&fd, 1, 0) > 0 && LibC.read(_wakeRead, buffer, 64) > 0)
        {
        }
    }
}
