namespace Sandboxer.Platforms.Tests.MacOS.Collector;

/// <summary>
/// What the scripted "kernel" does for a target run: the exit status and stderr sandbox-exec returns, the report
/// messages (eventMessage text, tag appended by the scenario where the kernel would) delivered while it runs, the ones
/// that only arrive after it exited (delivered after the FENCE sentinel, as late duplicate summaries do), the ones
/// that arrive even later, once the stream was stopped (they show up in the next run's stream), its stdout, and the
/// pids of the child processes it started (what watching its process tree sees); for a supervised (long-running)
/// run, how it behaves as a server (<see cref="ScriptedServer"/>).
/// </summary>
internal sealed record ScriptedResponse(
    int ExitCode,
    string Stderr,
    IReadOnlyList<string> Reports,
    IReadOnlyList<string>? LateReports = null,
    IReadOnlyList<string>? AfterStopReports = null,
    string Stdout = "",
    IReadOnlyList<int>? Descendants = null,
    ScriptedServer? Server = null)
{
    public static ScriptedResponse Exit(int code, params string[] reports) => new(code, string.Empty, reports);
}
