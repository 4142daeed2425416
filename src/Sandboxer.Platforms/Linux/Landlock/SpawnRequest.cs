namespace Sandboxer.Platforms.Linux.Landlock;

/// <summary>
/// What to start under the sandbox. <see cref="Executable"/> is the resolved absolute path that is executed;
/// <see cref="Arguments"/> is the full argv (argv[0] first). Standard descriptors default to the tool's own
/// (pass-through); give a descriptor to redirect one (it is duplicated onto 0, 1 or 2 in the child).
/// </summary>
internal sealed record SpawnRequest(
    string Executable,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory)
{
    public int StandardInputFd { get; init; } = -1;

    public int StandardOutputFd { get; init; } = -1;

    public int StandardErrorFd { get; init; } = -1;
}
