using Sandboxer.Synthesis;

namespace Sandboxer.Platforms.Profiling;

/// <summary>The choices of <c>sandboxer profile</c> that shape the loop.</summary>
internal sealed record ProfilingOptions
{
    public int ObservationRuns { get; init; } = 1;

    public bool Baseline { get; init; }

    public bool ExpectOutput { get; init; }

    public int MaxIterations { get; init; } = 8;

    public int VerifyRuns { get; init; } = 1;

    public bool Probe { get; init; } = true;

    public NetworkMode Network { get; init; } = NetworkMode.Observed;

    public string? Mode { get; init; }

    public required string Home { get; init; }

    /// <summary>Where fresh per-run temporary directories are made (each run gets its own, removed afterwards).</summary>
    public string TemporaryRoot { get; init; } = Path.GetTempPath();

    public string ToolVersion { get; init; } = "0";
}
