namespace Sandboxer.Cli.Profiling;

/// <summary>What the CLI adds to a profiling report: where the profile went and how to run the program under it.</summary>
internal sealed record ProfileRunSummary(
    string? ProfilePath,
    IReadOnlyList<string> Command,
    string? Mode,
    string Platform,
    string Network,
    string RunCommand);
