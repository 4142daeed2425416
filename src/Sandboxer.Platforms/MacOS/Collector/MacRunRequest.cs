using Sandboxer.Platforms.MacOS.Driver;
using Sandboxer.Platforms.MacOS.LongRunning;
using Sandboxer.Platforms.Processes;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Platforms.MacOS.Collector;

/// <summary>
/// One run: the profile files (concatenated in order), <c>-D</c> parameters, the command, the environment, what
/// to do with the program's standard streams (captured for <c>profile</c>, passed through for <c>run</c>), and the
/// environment variables the program gets on top of the tool's (<c>profile</c> gives each run its own <c>TMPDIR</c>),
/// and, for a long-running target, how it is supervised.
/// </summary>
internal sealed record MacRunRequest(
    IReadOnlyList<SourceText> Profiles,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyList<string> Command,
    SandboxEnvironment Environment,
    MacStdio Stdio = MacStdio.Capture,
    IReadOnlyDictionary<string, string>? Variables = null)
{
    /// <summary>For a server or watcher: readiness, exercise and stop (<see cref="MacLongRunningSupervisor"/>); the result then carries <see cref="MacProcessResult.LongRunning"/>.</summary>
    public LongRunningOptions? LongRunning { get; init; }
}
