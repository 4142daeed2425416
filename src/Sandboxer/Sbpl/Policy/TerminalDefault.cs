namespace Sandboxer.Sbpl.Policy;

/// <summary>
/// Built-in decision of a terminal operation: it does not fall back to its parent or <c>default</c>
/// (e.g. <c>file-map-executable</c> is allowed even under <c>(deny default)</c>).
/// </summary>
public enum TerminalDefault
{
    None,
    Allow,
    Deny,
}
