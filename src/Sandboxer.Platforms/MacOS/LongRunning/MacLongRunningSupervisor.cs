using System.Diagnostics;
using Sandboxer.Platforms.MacOS.Collector;
using Sandboxer.Platforms.Processes;

namespace Sandboxer.Platforms.MacOS.LongRunning;

/// <summary>
/// Drives a long-running target on macOS through the shared <see cref="LongRunningLifecycle"/>, the same steps as on
/// Linux: readiness is a process of the run's tree listening on the port (<see cref="MacListeners"/>, polled), the
/// exercise runs on the host (<see cref="MacExercise"/>), and once the lifecycle says so the platform stops the target
/// (SIGTERM, <see cref="StopGrace"/>, SIGKILL). One supervisor per run; <see cref="Finish"/> after the run.
/// </summary>
internal sealed class MacLongRunningSupervisor : IMacRunSupervisor, IDisposable
{
    private static readonly TimeSpan ListingTimeout = TimeSpan.FromSeconds(10);

    private readonly IMacSandboxPlatform _platform;
    private readonly LongRunningLifecycle _lifecycle;
    private readonly SemaphoreSlim _wake = new(0);

    public MacLongRunningSupervisor(IMacSandboxPlatform platform, LongRunningOptions options, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(options);
        _platform = platform;
        StopGrace = options.StopGrace;
        _lifecycle = new LongRunningLifecycle(options, workingDirectory, () => _wake.Release(), MacExercise.Starter(platform));
    }

    public TimeSpan StopGrace { get; }

    /// <summary>
    /// Runs <paramref name="argv"/> through <paramref name="platform"/>: plainly without <paramref name="longRunning"/>,
    /// supervised with it (the result then carries <see cref="MacProcessResult.LongRunning"/>). An interrupted run's
    /// exercise is stopped too.
    /// </summary>
    public static async Task<MacProcessResult> RunAsync(
        IMacSandboxPlatform platform,
        IReadOnlyList<string> argv,
        string workingDirectory,
        IReadOnlyDictionary<string, string>? environment,
        MacStdio stdio,
        TimeSpan timeout,
        LongRunningOptions? longRunning,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(platform);
        if (longRunning is null)
        {
            return await platform.RunAsync(argv, workingDirectory, environment, stdio, timeout, cancellationToken).ConfigureAwait(false);
        }

        using var supervisor = new MacLongRunningSupervisor(platform, longRunning, workingDirectory);
        var result = await platform.RunSupervisedAsync(argv, workingDirectory, environment, stdio, timeout, supervisor, cancellationToken).ConfigureAwait(false);
        return result with { LongRunning = supervisor.Finish(result) };
    }

    public async Task<bool> SuperviseAsync(IMacRunningProcess process, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(process);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var wait = _lifecycle.NextCheckMilliseconds(clock.Elapsed);
            if (wait != 0)
            {
                using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var woken = _wake.WaitAsync(wait, waiting.Token);
                await Task.WhenAny(process.Exited, woken).ConfigureAwait(false);
                await waiting.CancelAsync().ConfigureAwait(false);
                await woken.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            }

            if (process.Exited.IsCompleted || cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            var listening = _lifecycle.AwaitingReadiness && await ListensAsync(process, cancellationToken).ConfigureAwait(false);
            if (_lifecycle.Advance(clock.Elapsed, _ => listening))
            {
                return true;
            }
        }
    }

    /// <summary>How the run went, once <paramref name="result"/> is in (an interrupted run throws instead: nothing to report).</summary>
    public LongRunningResult Finish(MacProcessResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return _lifecycle.Finish(result.StoppedByTool, endedByItself: !result.StoppedByTool && !result.TimedOut);
    }

    public void Dispose()
    {
        _lifecycle.Dispose();
        _wake.Dispose();
    }

    /// <summary>Whether a process of the run listens on the ready port, per lsof; the tree is listed afresh when lsof names a process not yet known.</summary>
    private async Task<bool> ListensAsync(IMacRunningProcess process, CancellationToken cancellationToken)
    {
        var port = _lifecycle.ReadyPort ?? throw new InvalidOperationException("readiness asked without a port");
        var lsof = await _platform.RunAsync(MacListeners.Command(port), workingDirectory: null, environment: null, MacStdio.Capture, ListingTimeout, cancellationToken).ConfigureAwait(false);
        var listeners = MacListeners.ParsePids(lsof.Stdout);
        if (listeners.Count == 0)
        {
            return false;
        }

        var members = await process.MembersAsync(refresh: false).ConfigureAwait(false);
        if (listeners.Any(members.Contains))
        {
            return true;
        }

        members = await process.MembersAsync(refresh: true).ConfigureAwait(false);
        return listeners.Any(members.Contains);
    }
}
