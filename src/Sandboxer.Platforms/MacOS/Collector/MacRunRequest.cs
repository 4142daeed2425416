using Sandboxer.Platforms.MacOS.Driver;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Platforms.MacOS.Collector;

/// <summary>
/// One run: the profile files (concatenated in order), <c>-D</c> parameters, the command, the environment, and what
/// to do with the program's standard streams (captured for <c>profile</c>, passed through for <c>run</c>).
/// </summary>
internal sealed record MacRunRequest(
    IReadOnlyList<SourceText> Profiles,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyList<string> Command,
    SandboxEnvironment Environment,
    MacStdio Stdio = MacStdio.Capture);
