namespace Sandboxer.Platforms.Profiling;

/// <summary>The platform cannot do what was asked (no strace, no Landlock, no sandbox-exec): the CLI exits 3.</summary>
internal sealed class PlatformUnavailableException : Exception
{
    public PlatformUnavailableException(string problem, string? remedy)
        : base(problem)
    {
        Remedy = remedy;
    }

    public PlatformUnavailableException()
        : this("this platform cannot do that", (string?)null)
    {
    }

    public PlatformUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>What to install or change, e.g. "sudo apt-get install -y strace".</summary>
    public string? Remedy { get; }
}
