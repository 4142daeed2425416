namespace Sandboxer.Platforms.Processes;

/// <summary>The target (or its wrapper) could not be started: not found, not executable, bad working directory.</summary>
internal sealed class TargetStartException : Exception
{
    public TargetStartException(string message)
        : base(message)
    {
    }

    public TargetStartException()
        : this("cannot start the program")
    {
    }

    public TargetStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
