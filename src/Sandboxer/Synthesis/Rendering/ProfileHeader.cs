using Sandboxer.Analysis;
using Sandboxer.Collections;

namespace Sandboxer.Synthesis.Rendering;

/// <summary>
/// What the header of a generated profile records, for people (comments) and for tools (one JSON line starting
/// <c>;; sandboxer:</c>): the command and mode it was made for, the platform, the network choice, the runs.
/// </summary>
public sealed record ProfileHeader(
    EquatableArray<string> Command,
    string? Mode,
    TargetPlatform Platform,
    NetworkMode Network,
    int ObservationRuns,
    string ToolVersion);
