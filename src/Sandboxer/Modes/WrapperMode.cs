namespace Sandboxer.Modes;

/// <summary>One mode of a wrapper script.</summary>
/// <param name="Name">The mode name as the program's argument spells it (<see cref="ModeNames"/>).</param>
/// <param name="ProfilePath">The mode's profile, relative to the script's directory (<c>/</c>-separated).</param>
/// <param name="PassImportDirectory">
/// macOS only: pass <c>-D IMPORT_DIR=</c> the profile's directory, because the profile imports a file by a relative
/// name (such as the shared base) and <c>sandbox-exec</c> looks for relative imports only in <c>IMPORT_DIR</c>.
/// </param>
public sealed record WrapperMode(string Name, string ProfilePath, bool PassImportDirectory = false);
