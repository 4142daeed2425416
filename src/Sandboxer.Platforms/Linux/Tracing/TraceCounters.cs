namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>How much of a trace was read and what became of it (for the summary line and for diagnosis).</summary>
internal sealed class TraceCounters
{
    /// <summary>Lines read.</summary>
    public long Lines { get; set; }

    /// <summary>Complete calls (after joining unfinished halves).</summary>
    public long Calls { get; set; }

    /// <summary>Calls of syscalls that have no Seatbelt meaning (mmap without PROT_EXEC, wait4, exit_group, …).</summary>
    public long IgnoredCalls { get; set; }

    /// <summary>Paths that could not be made absolute (unknown working directory or dirfd).</summary>
    public long UnresolvedPaths { get; set; }

    /// <summary>Resumed halves whose first half was never seen.</summary>
    public long OrphanResumes { get; set; }

    /// <summary>Lines that did not parse (a cut last line, messages from strace itself).</summary>
    public long UnknownLines { get; set; }

    /// <summary>Lines longer than the reader accepts, skipped.</summary>
    public long OversizedLines { get; set; }

    /// <summary>Access events produced (before aggregation).</summary>
    public long Events { get; set; }
}
