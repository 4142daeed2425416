using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Sandboxer.Platforms.Processes;

/// <summary>
/// The steps of a long-running run (<see cref="LongRunningOptions"/>), driven by the supervising thread of its
/// <see cref="RunningTarget"/>: it asks <see cref="NextCheckMilliseconds"/> how long it may sleep, calls
/// <see cref="Advance"/> after every wake-up, stops the target when told, and calls <see cref="Finish"/> once the
/// target is gone. The exercise runs through its own <see cref="RunningTarget"/> (plainly, on the host, its tree
/// cleaned up like any target's) and wakes the supervisor when it ends.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class LongRunningLifecycle : IDisposable
{
    private const int ReadyPollMilliseconds = 50;

    private readonly LongRunningOptions _options;
    private readonly string _workingDirectory;
    private readonly Action _wake;
    private Phase _phase;
    private TimeSpan? _readyAt;
    private TimeSpan? _readyAfter;
    private LongRunningFailure _failure;
    private TimeSpan? _stoppedAt;
    private RunningTarget? _exercise;
    private SafeFileHandle? _exerciseLog;
    private ExerciseResult? _exerciseResult;
    private Stopwatch? _exerciseClock;

    public LongRunningLifecycle(LongRunningOptions options, string workingDirectory, Action wake)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _workingDirectory = workingDirectory;
        _wake = wake;
        _phase = options.ReadyPort is null ? Phase.Ready : Phase.WaitingForReady;
    }

    private enum Phase
    {
        WaitingForReady,
        Ready,
        Exercising,
        Lingering,
        Stopping,
    }

    /// <summary>How long the supervisor may wait for the target before the next step is due; -1 when only a wake-up can change anything.</summary>
    public int NextCheckMilliseconds(TimeSpan now) => _phase switch
    {
        Phase.WaitingForReady => (int)Math.Clamp((_options.ReadyTimeout - now).TotalMilliseconds, 0, ReadyPollMilliseconds),
        Phase.Ready or Phase.Stopping => 0,
        Phase.Lingering => (int)Math.Clamp((_readyAt!.Value + (_options.StopAfter ?? TimeSpan.Zero) - now).TotalMilliseconds, 0, int.MaxValue),
        _ => -1,
    };

    /// <summary>
    /// Takes every step that is due at <paramref name="now"/> (time since the target started); <paramref name="tree"/>
    /// lists the target's live processes. Returns true when the target is to be stopped now.
    /// </summary>
    public bool Advance(TimeSpan now, Func<IReadOnlyCollection<int>> tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        while (true)
        {
            switch (_phase)
            {
                case Phase.WaitingForReady:
                    if (TcpListeners.HeldBy(tree(), _options.ReadyPort!.Value))
                    {
                        _readyAfter = now;
                        if (_options.ReadyPortUnreachable is not null)
                        {
                            return Stop(LongRunningFailure.Unreachable, now);
                        }

                        _phase = Phase.Ready;
                        continue;
                    }

                    return now >= _options.ReadyTimeout && Stop(LongRunningFailure.NotReady, now);

                case Phase.Ready:
                    _readyAt = now;
                    if (_options.Exercise is { } command)
                    {
                        StartExercise(command);
                        _phase = Phase.Exercising;
                        continue;
                    }

                    _phase = Phase.Lingering;
                    continue;

                case Phase.Exercising:
                    if (_exerciseResult is null && _exercise?.Completion.IsCompleted != true)
                    {
                        return false;
                    }

                    _exerciseResult ??= CollectExercise();
                    if (!_exerciseResult.Succeeded)
                    {
                        return Stop(LongRunningFailure.ExerciseFailed, now);
                    }

                    _phase = Phase.Lingering;
                    continue;

                case Phase.Lingering:
                    return now >= _readyAt!.Value + (_options.StopAfter ?? TimeSpan.Zero) && Stop(LongRunningFailure.None, now);

                default:
                    return true;
            }
        }
    }

    /// <summary>
    /// After the target is gone: stops an exercise still running (the target ended or the run was interrupted) and
    /// says how the run went. <paramref name="stoppedByTool"/>: the target was stopped because <see cref="Advance"/>
    /// said so; <paramref name="endedByItself"/>: it ended on its own (neither stopped, interrupted nor timed out).
    /// </summary>
    public LongRunningResult Finish(bool stoppedByTool, bool endedByItself)
    {
        var failure = _failure;
        if (endedByItself)
        {
            failure = _options.ReadyPort is not null && _readyAfter is null ? LongRunningFailure.ExitedBeforeReady : LongRunningFailure.ExitedBeforeStop;
        }

        if (_exercise is { } exercise && _exerciseResult is null)
        {
            if (!exercise.Completion.IsCompleted)
            {
                exercise.Interrupt(SignalNames.SIGTERM);
            }

            _exerciseResult = CollectExercise();
        }

        return new LongRunningResult
        {
            Options = _options,
            ReadyAfter = _readyAfter,
            Exercise = _exerciseResult,
            StoppedByTool = stoppedByTool,
            StoppedAt = stoppedByTool ? _stoppedAt : null,
            Failure = failure,
        };
    }

    public void Dispose()
    {
        _exercise?.Dispose();
        _exerciseLog?.Dispose();
    }

    private bool Stop(LongRunningFailure failure, TimeSpan now)
    {
        _failure = failure;
        _stoppedAt = now;
        _phase = Phase.Stopping;
        return true;
    }

    private void StartExercise(string command)
    {
        _exerciseClock = Stopwatch.StartNew();
        var path = Path.Combine(Path.GetTempPath(), "sandboxer-exercise-" + Guid.NewGuid().ToString("N")[..12] + ".log");
        _exerciseLog = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite);
        File.Delete(path);
        try
        {
            using var input = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Read);
            _exercise = RunningTarget.Start(new TargetLaunch
            {
                Arguments = ["/bin/sh", "-c", command],
                WorkingDirectory = _workingDirectory,
                Timeout = _options.ExerciseTimeout,
                HandleTerminationSignals = false,
                Stdio = new TargetStdio(input, _exerciseLog, _exerciseLog),
            });
            _ = _exercise.Completion.ContinueWith(_ => _wake(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        catch (TargetStartException exception)
        {
            _exerciseResult = new ExerciseResult(command, 127, null, false, false, "cannot start the exercise: " + exception.Message, false, _exerciseClock.Elapsed);
        }
    }

    private ExerciseResult CollectExercise()
    {
        var exercise = _exercise!;
        TargetOutcome outcome;
        try
        {
            outcome = exercise.Completion.GetAwaiter().GetResult();
        }
        finally
        {
            exercise.Dispose();
            _exercise = null;
        }

        var (output, truncated) = ReadLog();
        return new ExerciseResult(
            _options.Exercise!,
            outcome.ExitCode,
            outcome.Signal,
            outcome.TimedOut,
            outcome.Interrupted,
            output,
            truncated,
            _exerciseClock?.Elapsed ?? outcome.Elapsed);
    }

    /// <summary>The end of the exercise's output (at most <see cref="ExerciseResult.OutputLimit"/> bytes).</summary>
    private (string Text, bool Truncated) ReadLog()
    {
        if (_exerciseLog is not { } log)
        {
            return (string.Empty, false);
        }

        var length = RandomAccess.GetLength(log);
        var start = Math.Max(0, length - ExerciseResult.OutputLimit);
        var buffer = new byte[length - start];
        var read = 0;
        while (read < buffer.Length)
        {
            var count = RandomAccess.Read(log, buffer.AsSpan(read), start + read);
            if (count <= 0)
            {
                break;
            }

            read += count;
        }

        return (Encoding.UTF8.GetString(buffer, 0, read), start > 0);
    }
}
