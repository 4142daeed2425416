using System.Globalization;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Diagnostics;

/// <summary>
/// One finding about an input: a stable <see cref="Code"/> (e.g. <c>SBPL1001</c>), a severity,
/// a message that reads as a sentence without a trailing period, and where it is.
/// </summary>
public sealed record Diagnostic(string Code, DiagnosticSeverity Severity, string Message, SourceLocation? Location)
{
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>The clang-style form: <c>file:line:column: severity CODE: message</c>.</summary>
    public override string ToString()
    {
        var severity = Severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            _ => "info",
        };
        return Location is null
            ? string.Create(CultureInfo.InvariantCulture, $"{severity} {Code}: {Message}")
            : string.Create(CultureInfo.InvariantCulture, $"{Location.Path}:{Location.Start.Line}:{Location.Start.Column}: {severity} {Code}: {Message}");
    }
}
