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
        [.. Events.Where(e => e.Operation == operation && (path is null || e.Path == path) && (name is null || e.Name == name)).Select(Describe)];

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

    /// <summary>
    /// One line with everything but pid, ppid, count and syscall:
    /// <c>op path [&lt;- requested] [type] [local/remote/name/target/signal] by process (executable): result</c>.
    /// </summary>
    public static string Describe(AccessEvent e)
    {
        var text = new StringBuilder(e.Operation);
        if (e.Path is not null)
        {
            text.Append(' ').Append(PathBytes.ToDisplay(e.Path));
        }

        if (e.RequestedPath is not null)
        {
            text.Append(" <- ").Append(PathBytes.ToDisplay(e.RequestedPath));
        }

        if (e.FileType is not null)
        {
            text.Append(" [").Append(e.FileType).Append(']');
        }

        if (e.Local is not null)
        {
            text.Append(" local ").Append(e.Local);
        }

        if (e.Remote is not null)
        {
            text.Append(" remote ").Append(e.Remote);
        }

        if (e.Name is not null)
        {
            text.Append(" name ").Append(e.Name);
        }

        if (e.Target is not null)
        {
            text.Append(" target ").Append(e.Target).Append(" signal ").Append(e.Signal?.ToString(CultureInfo.InvariantCulture));
        }

        return text.Append(" by ").Append(e.Process).Append(" (").Append(e.Executable).Append("): ").Append(e.Result).ToString();
    }
}
