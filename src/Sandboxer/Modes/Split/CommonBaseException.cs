namespace Sandboxer.Modes.Split;

/// <summary>The profiles cannot be split (the message says why); nothing was changed.</summary>
public sealed class CommonBaseException : Exception
{
    public CommonBaseException(string message)
        : base(message)
    {
    }

    public CommonBaseException()
    {
    }

    public CommonBaseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
