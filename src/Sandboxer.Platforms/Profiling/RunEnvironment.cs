namespace Sandboxer.Platforms.Profiling;

/// <summary>The values one run of the target gets: HOME, WORKING_DIR, and a fresh private TMPDIR.</summary>
internal sealed record RunEnvironment(string Home, string WorkingDirectory, string TemporaryDirectory)
{
    /// <summary>
    /// 0 for a first attempt; N when this enforced run repeats the previous one for the Nth time because that one
    /// failed with no denial reported (only for backends whose reports are lossy). A backend may observe a retry
    /// differently (macOS: untagged, attributed by the run's process tree).
    /// </summary>
    public int Retry { get; init; }

    /// <summary>The profile parameters for this run.</summary>
    public IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Synthesis.ProfileParameters.Home] = Home,
        [Synthesis.ProfileParameters.WorkingDirectory] = WorkingDirectory,
        [Synthesis.ProfileParameters.TemporaryDirectory] = TemporaryDirectory,
    };
}
