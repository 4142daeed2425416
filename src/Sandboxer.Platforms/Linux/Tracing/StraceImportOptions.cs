namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>How to read a saved strace log.</summary>
internal sealed record StraceImportOptions
{
    /// <summary>The traced program's starting directory, when known; otherwise learned from the log's decorations.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>
    /// Read executables named by execve from this machine's filesystem (ELF loader, <c>#!</c> interpreter). Turn it
    /// off for logs recorded elsewhere.
    /// </summary>
    public bool InspectExecutables { get; init; } = true;
}
