namespace Sandboxer.Sbpl.Policy;

/// <summary>
/// One Seatbelt operation: its canonical name, the operation it falls back to when none of its own rules decide,
/// and, for terminal operations, the built-in decision used instead of the fallback.
/// </summary>
/// <param name="Name">Canonical name, e.g. <c>file-read-data</c> or <c>file-read*</c>.</param>
/// <param name="Fallback">Parent operation; <see langword="null"/> only for <c>default</c>.</param>
/// <param name="Terminal">Built-in decision for terminal operations.</param>
/// <param name="IsKnown">False for operations not in the catalogue (accepted with a warning).</param>
public sealed record OperationInfo(string Name, string? Fallback, TerminalDefault Terminal, bool IsKnown = true)
{
    public bool IsTerminal => Terminal != TerminalDefault.None;
}
