namespace Sandboxer.Platforms.MacOS.LongRunning;

/// <summary>A run in progress, as its supervisor sees it.</summary>
internal interface IMacRunningProcess
{
    /// <summary>The root's pid (with <c>sandbox-exec</c>, the target's: it execs into the target).</summary>
    int Pid { get; }

    /// <summary>Completes when the root has exited.</summary>
    Task Exited { get; }

    /// <summary>
    /// The run's processes: the root and every descendant seen so far (<see cref="Collector.ProcessTree"/>). With
    /// <paramref name="refresh"/> the machine's processes are listed first, so a child started a moment ago is included.
    /// </summary>
    Task<IReadOnlyCollection<int>> MembersAsync(bool refresh);
}
