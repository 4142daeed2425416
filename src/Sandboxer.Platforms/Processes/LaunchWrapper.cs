namespace Sandboxer.Platforms.Processes;

/// <summary>
/// A program that starts the target on the runner's behalf: its argv goes before the target's. When
/// <see cref="ForksTarget"/> is true (strace) the wrapper stays alive as the target's parent and the target is the
/// wrapper's first child; otherwise (<c>sandboxer __exec</c>) it replaces itself with the target via execve.
/// </summary>
internal sealed record LaunchWrapper(IReadOnlyList<string> Arguments, bool ForksTarget);
