using Sandboxer.Platforms.MacOS.Driver;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Platforms.MacOS.Collector;

/// <summary>One run to observe: the profile files (concatenated in order), <c>-D</c> parameters, the command, the environment.</summary>
internal sealed record MacRunRequest(
    IReadOnlyList<SourceText> Profiles,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyList<string> Command,
    SandboxEnvironment Environment);
