using Sandboxer.Collections;
using Sandboxer.Platforms.MacOS.Driver;

namespace Sandboxer.Platforms.MacOS.Collector;

/// <summary>A finished run under sandbox-exec without observation: the command line, what happened, the process.</summary>
internal sealed record MacSandboxRun(EquatableArray<string> Argv, SandboxExecOutcome Outcome, MacProcessResult Process);
