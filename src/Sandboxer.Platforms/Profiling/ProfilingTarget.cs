using Sandboxer.Platforms.Processes;

namespace Sandboxer.Platforms.Profiling;

/// <summary>The program to profile and how to run it.</summary>
/// <param name="Arguments">The command and its arguments.</param>
/// <param name="WorkingDirectory">Where it runs (the profile's WORKING_DIR).</param>
/// <param name="CaptureOutput">Keep a digest of stdout so runs can be compared (<c>--expect-output</c>).</param>
/// <param name="Timeout">Stop the program when it runs longer than this.</param>
/// <param name="LongRunning">Readiness, exercise and stop options for servers and watchers.</param>
internal sealed record ProfilingTarget(
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    bool CaptureOutput = false,
    TimeSpan? Timeout = null,
    LongRunningOptions? LongRunning = null);
