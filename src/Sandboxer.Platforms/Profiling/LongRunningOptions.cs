namespace Sandboxer.Platforms.Profiling;

/// <summary>
/// For targets that never exit on their own (dev servers, watchers): wait until the program listens on
/// <see cref="ReadyPort"/> (at most <see cref="ReadyTimeout"/>), run <see cref="Exercise"/> outside the sandbox, then stop
/// the program (SIGTERM, then SIGKILL). <see cref="StopAfter"/> stops a program with no port after a fixed time.
/// Such a run counts as normal when the exercise command succeeded.
/// </summary>
internal sealed record LongRunningOptions(int? ReadyPort, TimeSpan ReadyTimeout, string? Exercise, TimeSpan? StopAfter);
