namespace Sandboxer.Synthesis;

/// <summary>The parameters generated profiles use instead of user- and checkout-specific paths.</summary>
public static class ProfileParameters
{
    public const string Home = "HOME";
    public const string WorkingDirectory = "WORKING_DIR";
    public const string TemporaryDirectory = "TMPDIR";

    /// <summary>All of them, in the order a command line lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Home, WorkingDirectory, TemporaryDirectory];
}
