namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>The shapes of a line strace writes with <c>-f -o</c> (see docs/linux-backend.md §1.3).</summary>
internal enum StraceLineKind
{
    /// <summary>Not something the reader understands (a cut last line, strace's own messages).</summary>
    Unknown,

    /// <summary><c>name(args) = result</c>.</summary>
    Call,

    /// <summary><c>name(partial args &lt;unfinished ...&gt;</c>: the call blocked while another pid printed.</summary>
    Unfinished,

    /// <summary><c>&lt;... name resumed&gt;rest) = result</c>.</summary>
    Resumed,

    /// <summary><c>execve(args &lt;pid changed to N ...&gt;</c>: a non-leader thread's execve succeeded; it is pid N now.</summary>
    PidChanged,

    /// <summary><c>--- SIGCHLD {…} ---</c> or <c>--- stopped by SIGSTOP ---</c>.</summary>
    Signal,

    /// <summary><c>+++ exited with N +++</c>.</summary>
    Exited,

    /// <summary><c>+++ killed by SIGNAME [(core dumped)] +++</c>.</summary>
    Killed,

    /// <summary><c>+++ superseded by execve in pid N +++</c>: thread N's execve replaced this pid's old image.</summary>
    Superseded,
}
