using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Sandboxer.Platforms.Processes;

/// <summary>
/// The Linux exercise: <c>/bin/sh -c COMMAND</c> through its own <see cref="RunningTarget"/> (its tree cleaned up like
/// any target's), stdin <c>/dev/null</c>, stdout and stderr into one unlinked temporary file of which the last
/// <see cref="ExerciseResult.OutputLimit"/> bytes are kept.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class HostExercise : IExerciseRun
{
    private readonly string _command;
    private readonly RunningTarget _target;
    private readonly SafeFileHandle _log;
    private readonly Stopwatch _clock;

    private HostExercise(string command, RunningTarget target, SafeFileHandle log, Stopwatch clock)
    {
        _command = command;
        _target = target;
        _log = log;
        _clock = clock;
    }

    public bool HasEnded => _target.Completion.IsCompleted;

    /// <summary>An <see cref="ExerciseStarter"/>.</summary>
    public static IExerciseRun Start(string command, string workingDirectory, TimeSpan timeout, Action ended)
    {
        ArgumentNullException.ThrowIfNull(ended);
        var clock = Stopwatch.StartNew();
        var path = Path.Combine(Path.GetTempPath(), "sandboxer-exercise-" + Guid.NewGuid().ToString("N")[..12] + ".log");
        var log = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite);
        File.Delete(path);
        try
        {
            using var input = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Read);
            var target = RunningTarget.Start(new TargetLaunch
            {
                Arguments = ["/bin/sh", "-c", command],
                WorkingDirectory = workingDirectory,
                Timeout = timeout,
                HandleTerminationSignals = false,
                Stdio = new TargetStdio(input, log, log),
            });
            _ = target.Completion.ContinueWith(_ => ended(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return new HostExercise(command, target, log, clock);
        }
        catch
        {
            log.Dispose();
            throw;
        }
    }

    public void Stop() => _target.Interrupt(SignalNames.SIGTERM);

    public ExerciseResult Collect()
    {
        var outcome = _target.Completion.GetAwaiter().GetResult();
        var (output, truncated) = ReadLog();
        return new ExerciseResult(_command, outcome.ExitCode, outcome.Signal, outcome.TimedOut, outcome.Interrupted, output, truncated, _clock.Elapsed);
    }

    public void Dispose()
    {
        _target.Dispose();
        _log.Dispose();
    }

    /// <summary>The end of the exercise's output (at most <see cref="ExerciseResult.OutputLimit"/> bytes).</summary>
    private (string Text, bool Truncated) ReadLog()
    {
        var length = RandomAccess.GetLength(_log);
        var start = Math.Max(0, length - ExerciseResult.OutputLimit);
        var buffer = new byte[length - start];
        var read = 0;
        while (read < buffer.Length)
        {
            var count = RandomAccess.Read(_log, buffer.AsSpan(read), start + read);
            if (count <= 0)
            {
                break;
            }

            read += count;
        }

        return (Encoding.UTF8.GetString(buffer, 0, read), start > 0);
    }
}
