using Sandboxer.Sbpl.Text;

namespace Sandboxer.Modes.Split;

/// <summary>A mode and its profile (<see cref="SourceText.Path"/> absolute: relative imports are resolved next to it).</summary>
public sealed record ModeProfile(string Mode, SourceText Source);
