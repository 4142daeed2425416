namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>strace is not installed: the platform cannot trace (the CLI exits 3 and says how to install it).</summary>
internal sealed class StraceUnavailableException : Exception
{
    public StraceUnavailableException(string installCommand)
        : base("strace is not installed; install it with: " + installCommand)
    {
        InstallCommand = installCommand;
    }

    public StraceUnavailableException()
        : this(StraceInvocation.InstallCommand)
    {
    }

    public StraceUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
        InstallCommand = StraceInvocation.InstallCommand;
    }

    public string InstallCommand { get; }
}
