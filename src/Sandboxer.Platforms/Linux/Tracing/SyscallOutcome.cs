namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>What a traced call returned.</summary>
internal enum SyscallOutcome
{
    /// <summary>A value (fd, count, address, pid).</summary>
    Success,

    /// <summary><c>-1 ERRNO (text)</c>.</summary>
    Failure,

    /// <summary><c>?</c>: no result (exit, interrupted and restarted, or the process died inside the call).</summary>
    Unknown,
}
