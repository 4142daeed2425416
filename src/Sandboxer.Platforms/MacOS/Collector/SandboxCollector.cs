using System.Collections.Concurrent;
using Sandboxer.Collections;
using Sandboxer.Events;
using Sandboxer.Platforms.MacOS.Driver;
using Sandboxer.Platforms.MacOS.LongRunning;
using Sandboxer.Platforms.MacOS.Reports;
using Sandboxer.Synthesis.Platforms;

namespace Sandboxer.Platforms.MacOS.Collector;

/// <summary>
/// Observes one run under a profile (docs/macos-runtime.md §9): start <c>log stream</c> outside the sandbox, fire
/// a READY sentinel and wait to see it, run the target under the tagged profile, fire a FENCE sentinel and wait to
/// see it, stop the stream with SIGINT and read it to its trailer, then keep the reports that carry the run's tag
/// or come from its processes (the root, which is the target, and the descendants the platform saw while it ran).
/// No sleeps: every wait ends when its sentinel arrives, or at its bound.
/// </summary>
internal sealed class SandboxCollector(IMacSandboxPlatform platform, IPathResolver resolver, CollectorOptions options)
{
    public async Task<CollectedRun> RunAsync(MacRunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tag = RunTag.Create();
        var executed = ExecutedProfile.Build(request.Profiles, options.TagDenials ? tag : null);
        var parameters = SandboxParameters.Resolve(request.Parameters, request.Environment, resolver);
        var sentinelFile = platform.CreateTemporaryFile(tag + ".sentinel", "sandboxer sentinel\n");
        string? profileFile = null;
        IMacLogStream? stream = null;
        try
        {
            profileFile = platform.CreateTemporaryFile(tag + ".sb", executed.Text);
            stream = platform.StartLogStream(CollectorCommands.LogStream);
            var pump = new StreamPump(stream);
            var ready = await FireSentinelAsync(tag + "_ready", sentinelFile, options.ReadyTimeout, pump, cancellationToken).ConfigureAwait(false);
            if (ready.Outcome is NestedSandbox nested)
            {
                return await FinishAsync(tag, [], nested, null, CollectionQuality.NotLive, NestedSandbox.Explanation, null, stream, pump).ConfigureAwait(false);
            }

            if (pump.Ended)
            {
                return await FinishAsync(tag, [], null, null, CollectionQuality.StreamFailed, null, null, stream, pump).ConfigureAwait(false);
            }

            var command = new SandboxExecCommand(profileFile, parameters, [.. request.Command]);
            var argv = command.ToArgv();
            var result = await MacLongRunningSupervisor.RunAsync(
                platform, argv, request.Environment.WorkingDirectory, request.Variables, request.Stdio, options.RunTimeout, request.LongRunning, cancellationToken).ConfigureAwait(false);
            var outcome = result.TimedOut
                ? new TimedOut(options.RunTimeout)
                : SandboxExecClassifier.Classify(result.ExitCode, result.Stderr, executed.Map with { ExecutedPath = profileFile });

            var fence = await FireSentinelAsync(tag + "_fence", sentinelFile, options.FenceTimeout, pump, cancellationToken).ConfigureAwait(false);
            var (quality, detail) = (ready.Line, fence.Line) switch
            {
                (null, _) => (CollectionQuality.NotLive, "the READY sentinel was not seen: the stream may have missed the start of the run"),
                (_, null) => (CollectionQuality.Unfenced, "the FENCE sentinel was not seen: late reports of the run may be missing"),
                _ => (CollectionQuality.Fenced, (string?)null),
            };
            return await FinishAsync(tag, argv, outcome, result, quality, detail, fence.Line, stream, pump).ConfigureAwait(false);
        }
        finally
        {
            if (profileFile is not null)
            {
                platform.DeleteTemporaryFile(profileFile);
            }

            platform.DeleteTemporaryFile(sentinelFile);
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<(int? Line, SandboxExecOutcome? Outcome)> FireSentinelAsync(
        string sentinelTag, string file, TimeSpan bound, StreamPump pump, CancellationToken cancellationToken)
    {
        var attempts = Math.Max(1, options.SentinelAttempts);
        var share = bound / attempts;
        SandboxExecOutcome? outcome = null;
        for (var attempt = 0; attempt < attempts && !pump.Ended; attempt++)
        {
            var result = await platform.RunAsync(CollectorCommands.Sentinel(sentinelTag, file), workingDirectory: null, environment: null, MacStdio.Capture, share, cancellationToken).ConfigureAwait(false);
            outcome = SandboxExecClassifier.Classify(result.ExitCode, result.Stderr, sourceMap: null);
            if (outcome is NestedSandbox)
            {
                return (null, outcome);
            }

            if (await pump.WaitForTagAsync(sentinelTag, share, cancellationToken).ConfigureAwait(false) is { } line)
            {
                return (line, outcome);
            }
        }

        return (null, outcome);
    }

    private async Task<CollectedRun> FinishAsync(
        string tag,
        EquatableArray<string> argv,
        SandboxExecOutcome? outcome,
        MacProcessResult? process,
        CollectionQuality quality,
        string? detail,
        int? fenceLine,
        IMacLogStream stream,
        StreamPump pump)
    {
        var endedOnItsOwn = pump.Ended;
        var stop = await stream.StopAsync(options.DrainTimeout).ConfigureAwait(false);
        await pump.Completion.ConfigureAwait(false);
        if (endedOnItsOwn && quality != CollectionQuality.Fenced)
        {
            quality = CollectionQuality.StreamFailed;
            detail = $"{CollectorCommands.LogExecutable} stream ended (exit {stop.ExitCode}): {stop.Stderr.Trim()}";
        }

        var read = pump.Reader.Build();
        var entries = SandboxReportAttribution.Select(read.Entries, tag, process is null ? [] : [process.Pid, .. process.Descendants]);
        var events = SandboxReportAggregator.ToEvents(entries);
        var essentials = events.Select(e => (Event: e, Essential: MacOSBase.Match(e)))
            .Where(p => p.Essential is not null)
            .Select(p => new ObservedEssential(p.Event, p.Essential!))
            .ToList();
        var late = fenceLine is { } fence ? entries.Count(e => e.Line > fence) : 0;
        return new CollectedRun(tag, argv, outcome, process, events, essentials, quality, detail, late, read.Statistics, [.. pump.Errors]);
    }

    /// <summary>Reads the stream in the background, parses each line, and wakes whoever waits for a tag.</summary>
    private sealed class StreamPump
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource<int>> _waiters = new(StringComparer.Ordinal);
        private readonly ConcurrentQueue<string> _errors = new();

        public StreamPump(IMacLogStream stream)
        {
            Completion = Task.Run(() => PumpAsync(stream));
        }

        public NdjsonSandboxLogReader Reader { get; } = new("log stream");

        public Task Completion { get; }

        public bool Ended => Completion.IsCompleted;

        public int Lines { get; private set; }

        public IEnumerable<string> Errors => _errors;

        public async Task<int?> WaitForTagAsync(string tag, TimeSpan bound, CancellationToken cancellationToken)
        {
            var seen = Waiter(tag).Task;
            await Task.WhenAny(seen, Completion, Task.Delay(bound, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return seen.IsCompletedSuccessfully ? seen.Result : null;
        }

        private TaskCompletionSource<int> Waiter(string tag) =>
            _waiters.GetOrAdd(tag, _ => new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously));

        private async Task PumpAsync(IMacLogStream stream)
        {
            await foreach (var line in stream.Lines.ReadAllAsync().ConfigureAwait(false))
            {
                Lines++;
                try
                {
                    if (Reader.Accept(line, Lines)?.Report.Tag is { } tag)
                    {
                        Waiter(tag).TrySetResult(Lines);
                    }
                }
                catch (EventFormatException ex)
                {
                    _errors.Enqueue(ex.Message);
                }
            }
        }
    }
}
