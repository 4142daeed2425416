namespace Sandboxer.Platforms.Profiling;

/// <summary>The values one run of the target gets: HOME, WORKING_DIR, and a fresh private TMPDIR.</summary>
internal sealed record RunEnvironment(string Home, string WorkingDirectory, string TemporaryDirectory)
{
    /// <summary>The profile parameters for this run.</summary>
    public IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Synthesis.ProfileParameters.Home] = Home,
        [Synthesis.ProfileParameters.WorkingDirectory] = WorkingDirectory,
        [Synthesis.ProfileParameters.TemporaryDirectory] = TemporaryDirectory,
    };
}
