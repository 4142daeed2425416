using System.Runtime.Versioning;
using Sandboxer.Events;
using Sandboxer.Platforms.Processes;

namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>
/// Runs a program under strace through the <see cref="TargetRunner"/> and turns the trace into access events while
/// it runs: strace writes into a FIFO, a reader thread parses and maps each line as it arrives, so a trace of any
/// length is never held anywhere. The runner learns the real target's pid and end from the trace, so stragglers
/// the target leaves behind are terminated as soon as it exits.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class StraceTracer
{
    /// <summary>
    /// Traces <paramref name="launch"/>; every event goes to <paramref name="sink"/> on the reader thread (never
    /// concurrently). Throws <see cref="StraceUnavailableException"/> without strace and
    /// <see cref="TargetStartException"/> when the program cannot be started.
    /// </summary>
    public static Task<TraceRun> TraceAsync(TargetLaunch launch, Action<AccessEvent> sink, CancellationToken cancellationToken = default) =>
        TraceAsync(launch, sink, configure: null, cancellationToken);

    /// <summary>
    /// Like <see cref="TraceAsync(TargetLaunch, Action{AccessEvent}, CancellationToken)"/>; <paramref name="configure"/>
    /// adjusts the launch once strace and its trace pipe are known (strace inside a Landlock domain needs the pipe granted).
    /// </summary>
    public static async Task<TraceRun> TraceAsync(
        TargetLaunch launch, Action<AccessEvent> sink, Func<StraceSetup, TargetLaunch, TargetLaunch>? configure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(sink);
        var strace = StraceInvocation.Locate() ?? throw new StraceUnavailableException(StraceInvocation.InstallCommand);
        var directory = Directory.CreateTempSubdirectory("sandboxer-trace-");
        try
        {
            using var fifo = TraceFifo.Create(Path.Combine(directory.FullName, "trace"));
            var processor = new StraceTraceProcessor(
                new StraceProcessorOptions
                {
                    WorkingDirectory = Path.GetFullPath(launch.WorkingDirectory ?? Environment.CurrentDirectory),
                    Inspector = new FileSystemExecutableInspector(),
                },
                sink);
            var notifier = new TargetNotifier();
            processor.RootStarted = notifier.Started;
            processor.RootExited = _ => notifier.Exited();
            var reading = StartReader(fifo, processor);

            RunningTarget running;
            try
            {
                var wrapped = launch with { Wrapper = new LaunchWrapper(StraceInvocation.Arguments(strace, fifo.Path), ForksTarget: true, ReportsTarget: true) };
                running = TargetRunner.Start(configure is null ? wrapped : configure(new StraceSetup(strace, fifo.Path), wrapped));
            }
            catch
            {
                fifo.ReleaseWriter();
                await reading.ConfigureAwait(false);
                throw;
            }

            TargetOutcome outcome;
            using (running)
            {
                notifier.Attach(running);
                outcome = await running.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            fifo.ReleaseWriter();
            await reading.ConfigureAwait(false);
            processor.Complete();
            return new TraceRun(outcome, processor.Counters, processor.Processes.ProcessesSeen);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static Task StartReader(TraceFifo fifo, StraceTraceProcessor processor)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                using var stream = fifo.OpenStream();
                StraceLineReader.ReadAll(stream, processor);
                done.SetResult();
            }
#pragma warning disable CA1031 // Handed to the awaiting caller, which rethrows it.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                done.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "sandboxer strace reader",
        };
        thread.Start();
        return done.Task;
    }

    /// <summary>Passes the trace's news about the real target to the runner, also when it comes before the runner exists.</summary>
    private sealed class TargetNotifier
    {
        private readonly Lock _lock = new();
        private RunningTarget? _target;
        private int? _pid;
        private bool _exited;

        public void Attach(RunningTarget target)
        {
            lock (_lock)
            {
                _target = target;
                if (_pid is { } pid)
                {
                    target.ReportTargetProcess(pid);
                }

                if (_exited)
                {
                    target.ReportTargetExited();
                }
            }
        }

        public void Started(int pid)
        {
            lock (_lock)
            {
                _pid = pid;
                _target?.ReportTargetProcess(pid);
            }
        }

        public void Exited()
        {
            lock (_lock)
            {
                _exited = true;
                _target?.ReportTargetExited();
            }
        }
    }
}
