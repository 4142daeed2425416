using Sandboxer.Analysis;
using Sandboxer.Synthesis.Paths;

namespace Sandboxer.Synthesis.Generalization;

/// <summary>What the path generalizer knows besides the paths themselves.</summary>
public sealed record GeneralizationContext
{
    public required TargetPlatform Platform { get; init; }

    /// <summary>Values of HOME, WORKING_DIR and TMPDIR (of the first run) for checks on real paths.</summary>
    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    public required ISensitivityCheck Sensitivity { get; init; }

    public IReadOnlyList<KnownLocation> SystemLocations { get; init; } = [];

    /// <summary>Install trees of executed programs (their own files).</summary>
    public IReadOnlyList<KnownLocation> InstallTrees { get; init; } = [];

    /// <summary>Directories the program listed (getdents / readdir).</summary>
    public IReadOnlySet<AnchoredPath> ListedDirectories { get; init; } = new HashSet<AnchoredPath>();

    /// <summary>Directories the program created.</summary>
    public IReadOnlySet<AnchoredPath> CreatedDirectories { get; init; } = new HashSet<AnchoredPath>();

    /// <summary>More distinct files than this in one directory become a subpath.</summary>
    public int ManyFilesThreshold { get; init; } = 16;

    /// <summary>Runs whose name sets are compared to find names that vary between runs.</summary>
    public int ComparableRuns { get; init; } = 1;
}
