namespace Sandboxer.Events;

/// <summary>
/// One observed (or denied) access, shaped like a Seatbelt report so that everything downstream is the same on
/// macOS and Linux. Serialized as one JSON object per line (see docs/cli.md, "Events").
/// </summary>
public sealed record AccessEvent
{
    /// <summary>Seatbelt operation, e.g. <c>file-read-data</c>, <c>network-outbound</c>, <c>process-exec</c>.</summary>
    public required string Operation { get; init; }

    /// <summary>
    /// Resolved absolute path (files, executables, unix sockets). On Linux bytes that are not UTF-8 are kept as
    /// U+DC80–U+DCFF (see <see cref="PathBytes"/>).
    /// </summary>
    public string? Path { get; init; }

    /// <summary>The path as the program spelled it, when it differs from <see cref="Path"/> (relative, via a symlink).</summary>
    public string? RequestedPath { get; init; }

    /// <summary>Local address for bind/listen/inbound.</summary>
    public NetworkEndpoint? Local { get; init; }

    /// <summary>Remote address for outbound connects and sends.</summary>
    public NetworkEndpoint? Remote { get; init; }

    /// <summary>Name for name-keyed operations: mach service, sysctl, POSIX IPC, IOKit class, preference domain.</summary>
    public string? Name { get; init; }

    /// <summary>For <c>signal</c>: <c>self</c>, <c>children</c>, <c>others</c>, … relative to the sender.</summary>
    public string? Target { get; init; }

    /// <summary>For <c>signal</c>: the signal number.</summary>
    public int? Signal { get; init; }

    /// <summary>What the path named when known: <c>file</c>, <c>directory</c>, <c>symlink</c>, <c>socket</c>, <c>fifo</c>, <c>device</c>.</summary>
    public string? FileType { get; init; }

    public int Pid { get; init; }

    public int? Ppid { get; init; }

    /// <summary>Short process name, as a sandbox report shows it.</summary>
    public string? Process { get; init; }

    /// <summary>Absolute path of the process's executable when known.</summary>
    public string? Executable { get; init; }

    public AccessResult Result { get; init; } = AccessResult.Ok;

    /// <summary>How many identical accesses this event stands for (aggregation, duplicate reports).</summary>
    public long Count { get; init; } = 1;

    /// <summary>The system call that caused it, when known (<c>openat</c>, <c>connect</c>, …).</summary>
    public string? Syscall { get; init; }

    /// <summary>The <c>(with message …)</c> tag of the rule that reported it (macOS).</summary>
    public string? Tag { get; init; }

    /// <summary>Seconds since the Unix epoch, when the source gives a time.</summary>
    public double? Time { get; init; }

    /// <summary>The event without the fields that identify one occurrence (pid, counts, time): the aggregation key.</summary>
    public AccessEvent ToKey() => this with { Pid = 0, Ppid = null, Count = 1, Time = null, Syscall = null };
}
