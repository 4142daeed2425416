namespace Sandboxer.Platforms.Linux.Landlock;

/// <summary>
/// The target could not be executed inside the sandbox. <see cref="DeniedBySandbox"/> is true for <c>EACCES</c>,
/// which under Landlock usually means the profile does not allow executing it (or its ELF interpreter).
/// </summary>
public sealed class SpawnFailedException : Exception
{
    public SpawnFailedException()
    {
    }

    public SpawnFailedException(string message)
        : base(message)
    {
    }

    public SpawnFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal SpawnFailedException(string executable, string errnoName, bool deniedBySandbox)
        : base(deniedBySandbox
            ? $"cannot execute {executable}: {errnoName} (the profile does not allow executing it, or its interpreter)"
            : $"cannot execute {executable}: {errnoName}")
    {
        Executable = executable;
        ErrnoName = errnoName;
        DeniedBySandbox = deniedBySandbox;
    }

    public string? Executable { get; }

    public string? ErrnoName { get; }

    public bool DeniedBySandbox { get; }
}
