using Sandboxer.Analysis;
using Sandboxer.Collections;
using Sandboxer.Synthesis.Generalization;
using Sandboxer.Synthesis.Grants;

namespace Sandboxer.Synthesis;

/// <summary>Everything synthesis needs besides the events: platform, the parameter values, policy choices.</summary>
public sealed record SynthesisContext
{
    public required TargetPlatform Platform { get; init; }

    /// <summary>The HOME the runs used (resolved, e.g. <c>/Users/a</c> or <c>/root</c>).</summary>
    public required string Home { get; init; }

    /// <summary>The working directory the runs used (resolved).</summary>
    public required string WorkingDirectory { get; init; }

    public required ISensitivityCheck Sensitivity { get; init; }

    public NetworkMode Network { get; init; } = NetworkMode.Observed;

    /// <summary>The command the profile is for (recorded in the header).</summary>
    public EquatableArray<string> Command { get; init; } = [];

    /// <summary>The mode (subcommand) the profile is for, when the program has several.</summary>
    public string? Mode { get; init; }

    public int ManyFilesThreshold { get; init; } = 16;

    /// <summary>Rules every program on the platform needs, each with its reason (the macOS base).</summary>
    public IReadOnlyList<Grant> PlatformBase { get; init; } = [];
}
