using Sandboxer.Collections;

namespace Sandboxer.Platforms.MacOS.Run;

/// <summary>What <c>sandboxer run</c> did on macOS.</summary>
/// <param name="ExitCode">The program's exit code (128+signal when killed), or the tool's own (docs/cli.md): 2 profile rejected, 3 cannot sandbox here, 126/127 cannot execute, 130 interrupted.</param>
/// <param name="Messages">Lines for stderr (without the <c>sandboxer: </c> prefix), in order.</param>
/// <param name="DenialLines">With <c>--denials</c>: one JSON object per denial; <see langword="null"/> otherwise.</param>
/// <param name="Argv">The sandbox-exec command line; empty when the program was not started.</param>
internal sealed record MacRunResult(int ExitCode, IReadOnlyList<string> Messages, IReadOnlyList<string>? DenialLines, EquatableArray<string> Argv);
