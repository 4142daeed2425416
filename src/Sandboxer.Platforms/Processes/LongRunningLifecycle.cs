namespace Sandboxer.Platforms.Processes;

/// <summary>
/// The steps of a long-running run (<see cref="LongRunningOptions"/>), driven by the supervising thread of its
/// <see cref="RunningTarget"/>: it asks <see cref="NextCheckMilliseconds"/> how long it may sleep, calls
/// <see cref="Advance"/> after every wake-up, stops the target when told, and calls <see cref="Finish"/> once the
/// target is gone. The platform supplies how readiness is seen (<see cref="Advance"/>'s <c>listensOn</c>) and how the
/// exercise is run (<see cref="ExerciseStarter"/>: plainly, on the host, outside any sandbox; it wakes the supervisor
/// when it ends). Linux: <see cref="RunningTarget"/> with <see cref="TcpListeners"/> and <see cref="HostExercise"/>;
/// macOS: <c>MacLongRunningSupervisor</c> with <c>lsof</c> and the Mac platform's own runs.
/// </summary>
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
    private readonly ExerciseStarter _startExercise;
    private IExerciseRun? _exercise;
    private ExerciseResult? _exerciseResult;

    public LongRunningLifecycle(LongRunningOptions options, string workingDirectory, Action wake, ExerciseStarter startExercise)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(startExercise);
        _options = options;
        _workingDirectory = workingDirectory;
        _wake = wake;
        _startExercise = startExercise;
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

    /// <summary>The port whose listener makes the target ready, if any.</summary>
    public int? ReadyPort => _options.ReadyPort;

    /// <summary>True while the target is waiting to listen on its port: <see cref="Advance"/> will ask whether it does.</summary>
    public bool AwaitingReadiness => _phase == Phase.WaitingForReady;

    /// <summary>How long the supervisor may wait for the target before the next step is due; -1 when only a wake-up can change anything.</summary>
    public int NextCheckMilliseconds(TimeSpan now) => _phase switch
    {
        Phase.WaitingForReady => (int)Math.Clamp((_options.ReadyTimeout - now).TotalMilliseconds, 0, ReadyPollMilliseconds),
        Phase.Ready or Phase.Stopping => 0,
        Phase.Lingering => (int)Math.Clamp((_readyAt!.Value + (_options.StopAfter ?? TimeSpan.Zero) - now).TotalMilliseconds, 0, int.MaxValue),
        _ => -1,
    };

    /// <summary>
    /// Takes every step that is due at <paramref name="now"/> (time since the target started); <paramref name="listensOn"/>
    /// says whether a process of the target's tree listens on a TCP port (asked only while <see cref="AwaitingReadiness"/>).
    /// Returns true when the target is to be stopped now.
    /// </summary>
    public bool Advance(TimeSpan now, Func<int, bool> listensOn)
    {
        ArgumentNullException.ThrowIfNull(listensOn);
        while (true)
        {
            switch (_phase)
            {
                case Phase.WaitingForReady:
                    if (listensOn(_options.ReadyPort!.Value))
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
                    if (_exerciseResult is null && _exercise?.HasEnded != true)
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
            if (!exercise.HasEnded)
            {
                exercise.Stop();
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
        try
        {
            _exercise = _startExercise(command, _workingDirectory, _options.ExerciseTimeout, _wake);
        }
        catch (TargetStartException exception)
        {
            _exerciseResult = new ExerciseResult(command, 127, null, false, false, "cannot start the exercise: " + exception.Message, false, TimeSpan.Zero);
        }
    }

    private ExerciseResult CollectExercise()
    {
        var exercise = _exercise!;
        try
        {
            return exercise.Collect();
        }
        finally
        {
            exercise.Dispose();
            _exercise = null;
        }
    }
}
