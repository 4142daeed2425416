namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>How to interpret a trace: where the first process started, and how to look at executables.</summary>
internal sealed record StraceProcessorOptions
{
    /// <summary>
    /// The first traced process's working directory. When null it is learned from the first <c>AT_FDCWD&lt;…&gt;</c>
    /// decoration; relative paths seen before that are counted as unresolved.
    /// </summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Reads executables for what exec loads untraced (ELF loader, <c>#!</c> interpreter); none when null.</summary>
    public IExecutableInspector? Inspector { get; init; }
}
