namespace Sandboxer.Diagnostics;

public enum DiagnosticSeverity
{
    Info,
    Warning,
    Error,
}
