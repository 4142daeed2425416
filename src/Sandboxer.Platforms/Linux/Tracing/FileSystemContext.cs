namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>
/// The per-task filesystem state that matters for resolving paths: the working directory (bytes, absolute).
/// Tasks created with <c>CLONE_FS</c> (threads) share one instance; <c>fork</c> copies it.
/// </summary>
internal sealed class FileSystemContext
{
    private byte[]? _workingDirectory;

    public FileSystemContext(byte[]? workingDirectory) => _workingDirectory = workingDirectory;

    /// <summary>The working directory, or empty when it is not known yet (a log imported without one).</summary>
    public ReadOnlySpan<byte> WorkingDirectory => _workingDirectory;

    public bool HasWorkingDirectory => _workingDirectory is not null;

    public void SetWorkingDirectory(ReadOnlySpan<byte> path)
    {
        if (!path.SequenceEqual(_workingDirectory))
        {
            _workingDirectory = path.ToArray();
        }
    }

    public FileSystemContext Copy() => new(_workingDirectory);
}
