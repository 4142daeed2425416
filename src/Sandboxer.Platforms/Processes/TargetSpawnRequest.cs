namespace Sandboxer.Platforms.Processes;

/// <summary>
/// What a <see cref="TargetLaunch.Spawner"/> is asked to start: the resolved executable, the full argv, the complete
/// environment, the working directory and the descriptors to put on 0, 1 and 2 (-1: the tool's own).
/// </summary>
internal sealed record TargetSpawnRequest(
    string Executable,
    IReadOnlyList<string> Arguments,
    IReadOnlyList<KeyValuePair<string, string>> Environment,
    string WorkingDirectory,
    int StandardInput,
    int StandardOutput,
    int StandardError);
