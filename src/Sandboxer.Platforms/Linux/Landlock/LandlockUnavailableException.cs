namespace Sandboxer.Platforms.Linux.Landlock;

/// <summary>Landlock cannot be used on this machine (no kernel support, disabled, or not Linux); exit code 3.</summary>
public sealed class LandlockUnavailableException : Exception
{
    public LandlockUnavailableException()
    {
    }

    public LandlockUnavailableException(string message)
        : base(message)
    {
    }

    public LandlockUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
