using System.Globalization;
using System.Runtime.Versioning;
using System.Text;
using Sandboxer.Events;
using Sandboxer.Platforms.Linux.Tracing;
using Sandboxer.Platforms.Processes;

namespace Sandboxer.Platforms.Tests.Linux.Tracing;

/// <summary>A real program traced with strace, its aggregated events, and exact-match helpers over them.</summary>
[SupportedOSPlatform("linux")]
internal sealed class TracedRun
{
    private TracedRun(TraceRun run, IReadOnlyList<AccessEvent> events)
    {
        Run = run;
        Events = events;
    }

    public TraceRun Run { get; }

    public IReadOnlyList<AccessEvent> Events { get; }

    public int ExitCode => Run.Outcome.ExitCode;

    /// <summary>The pid of the first traced process (the program itself).</summary>
    public int RootPid => Events.First(e => e.Operation == "process-exec" && e.Result.IsOk).Pid;

    public static async Task<TracedRun> StartAsync(string[] arguments, string workingDirectory, Func<TargetLaunch, TargetLaunch>? configure = null)
    {
        var aggregator = new EventAggregator();
        using var devNull = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.ReadWrite);
        var launch = new TargetLaunch
        {
            Arguments = arguments,
            WorkingDirectory = workingDirectory,
            HandleTerminationSignals = false,
            Stdio = new TargetStdio(devNull, devNull, null),
        };
        var run = await StraceTracer.TraceAsync(configure?.Invoke(launch) ?? launch, aggregator.Add, TestContext.Current.CancellationToken);
        return new TracedRun(run, [.. aggregator.Events]);
    }

    /// <summary>Every event for an operation on a path (or with a name), described in one line each.</summary>
    public IReadOnlyList<string> Describe(string operation, string? path = null, string? name = null) =>
        [.. Events.Where(e => e.Operation == operation && (path is null || e.Path == path) && (name is null || e.Name == name)).Select(TracedRunDescriber.Describe)];

    /// <summary>The one event for an operation on a path, described; fails when there is none or several.</summary>
    public string Single(string operation, string? path = null, string? name = null)
    {
        var matches = Describe(operation, path, name);
        Assert.True(matches.Count == 1, $"expected one {operation} {path ?? name}, found {matches.Count}:\n{string.Join('\n', matches)}\nall events:\n{Dump()}");
        return matches[0];
    }

    public AccessEvent SingleEvent(string operation, string? path = null, string? name = null) =>
        Events.Single(e => e.Operation == operation && (path is null || e.Path == path) && (name is null || e.Name == name));

    public string Dump() => string.Join('\n', Events.Select(EventJson.Serialize));
}
