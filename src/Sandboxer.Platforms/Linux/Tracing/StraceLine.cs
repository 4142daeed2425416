namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>One line of strace output, split into its parts; all spans point into the line.</summary>
internal readonly ref struct StraceLine
{
    public StraceLine(StraceLineKind kind, int pid, ReadOnlySpan<byte> name, ReadOnlySpan<byte> arguments, ReadOnlySpan<byte> result, long number)
    {
        Kind = kind;
        Pid = pid;
        Name = name;
        Arguments = arguments;
        Result = result;
        Number = number;
    }

    public StraceLineKind Kind { get; }

    /// <summary>The pid prefix (a thread id for threads), or 0 when the line has none.</summary>
    public int Pid { get; }

    /// <summary>The syscall name; the signal name for <see cref="StraceLineKind.Signal"/> and <see cref="StraceLineKind.Killed"/>.</summary>
    public ReadOnlySpan<byte> Name { get; }

    /// <summary>
    /// <see cref="StraceLineKind.Call"/>: the text between the parentheses. <see cref="StraceLineKind.Unfinished"/>
    /// and <see cref="StraceLineKind.PidChanged"/>: the arguments printed so far. <see cref="StraceLineKind.Resumed"/>:
    /// everything after <c>resumed&gt;</c>.
    /// </summary>
    public ReadOnlySpan<byte> Arguments { get; }

    /// <summary>The text after <c> = </c> of a <see cref="StraceLineKind.Call"/>.</summary>
    public ReadOnlySpan<byte> Result { get; }

    /// <summary>The exit status, the new pid of <see cref="StraceLineKind.PidChanged"/>, or the thread of <see cref="StraceLineKind.Superseded"/>.</summary>
    public long Number { get; }
}
