using System.Diagnostics;
using Sandboxer.Platforms.MacOS.Collector;
using Sandboxer.Platforms.Processes;

namespace Sandboxer.Platforms.MacOS.LongRunning;

/// <summary>
/// The macOS exercise: <c>/bin/sh -c COMMAND</c> run by the Mac platform on the host (sandbox-exec wraps only the
/// target), stdin closed, stdout and stderr captured (kept as stdout then stderr: the platform captures them apart),
/// the end of it kept; at its time limit it gets SIGTERM, and it is interrupted (SIGINT, then its tree is killed) when
/// stopped early. Its own process tree is cleaned up like any run's.
/// </summary>
internal sealed class MacExercise : IExerciseRun
{
    public const string Shell = "/bin/sh";

    private readonly string _command;
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task<MacProcessResult> _run;

    private MacExercise(IMacSandboxPlatform platform, string command, string workingDirectory, TimeSpan timeout, Action ended)
    {
        _command = command;
        _run = platform.RunAsync([Shell, "-c", command], workingDirectory, environment: null, MacStdio.Capture, timeout, _stop.Token);
        _ = _run.ContinueWith(_ => ended(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public bool HasEnded => _run.IsCompleted;

    /// <summary>An <see cref="ExerciseStarter"/> running through <paramref name="platform"/>.</summary>
    public static ExerciseStarter Starter(IMacSandboxPlatform platform) =>
        (command, workingDirectory, timeout, ended) => new MacExercise(platform, command, workingDirectory, timeout, ended);

    public void Stop() => _stop.Cancel();

    public ExerciseResult Collect()
    {
        MacProcessResult result;
        try
        {
            result = _run.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            return new ExerciseResult(_command, 130, null, false, true, string.Empty, false, _clock.Elapsed);
        }

        var output = result.Stdout + result.Stderr;
        var truncated = output.Length > ExerciseResult.OutputLimit;
        return new ExerciseResult(
            _command,
            result.ExitCode,
            Signal: null,
            result.TimedOut,
            Stopped: false,
            truncated ? output[^ExerciseResult.OutputLimit..] : output,
            truncated,
            _clock.Elapsed);
    }

    public void Dispose()
    {
        if (!_run.IsCompleted)
        {
            _stop.Cancel();
        }

        _stop.Dispose();
    }
}
