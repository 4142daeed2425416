using Sandboxer.Analysis;
using Sandboxer.Collections;

namespace Sandboxer.Modes;

/// <summary>Everything a generated wrapper script depends on.</summary>
/// <param name="Command">The program and its fixed leading arguments; the script appends its own arguments.</param>
/// <param name="Modes">The modes in the order given (the header and the refusal message list them so).</param>
/// <param name="DefaultMode">The mode used for an unknown or missing mode; <see langword="null"/> refuses (exit 64).</param>
/// <param name="Match">How the mode is found in the arguments.</param>
/// <param name="Platform"><see cref="TargetPlatform.MacOS"/> (<c>sandbox-exec</c>) or <see cref="TargetPlatform.Linux"/> (<c>sandboxer run</c>).</param>
/// <param name="SharedBase">The shared base profile relative to the script, for the header; <see langword="null"/> without one.</param>
/// <param name="ToolVersion">The sandboxer version, for the header.</param>
/// <param name="Regenerate">The <c>sandboxer wrapper …</c> command line that writes this script again, run from its directory.</param>
public sealed record WrapperSpec(
    EquatableArray<string> Command,
    EquatableArray<WrapperMode> Modes,
    string? DefaultMode,
    ModeMatch Match,
    TargetPlatform Platform,
    string? SharedBase,
    string ToolVersion,
    EquatableArray<string> Regenerate);
