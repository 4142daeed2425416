using Sandboxer.Sbpl.Text;

namespace Sandboxer.Platforms.Profiling;

/// <summary>
/// The platform's sandbox refused a profile the loop gave it (macOS: <c>sandbox-exec</c> exit 65). The message names
/// the file, line and column and quotes the line; for a generated profile this is a bug worth reporting.
/// </summary>
internal sealed class ProfileRejectedException : Exception
{
    public ProfileRejectedException(string message, SourceLocation? location)
        : base(message)
    {
        Location = location;
    }

    public ProfileRejectedException()
        : this("the sandbox rejected the profile", location: null)
    {
    }

    public ProfileRejectedException(string message)
        : this(message, location: null)
    {
    }

    public ProfileRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Where in the profile, when the sandbox said.</summary>
    public SourceLocation? Location { get; }
}
