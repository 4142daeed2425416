using System.Globalization;
using Sandboxer.Diagnostics;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Events;

/// <summary>An events file (or captured log) has a line that cannot be read.</summary>
public sealed class EventFormatException : Exception
{
    public EventFormatException(string sourceName, int line, int column, string message)
        : base(string.Create(CultureInfo.InvariantCulture, $"{sourceName}:{line}:{column}: {message}"))
    {
        SourceName = sourceName;
        Line = line;
        Column = column;
        Reason = message;
    }

    public EventFormatException()
        : this("<input>", 1, 1, "invalid event")
    {
    }

    public EventFormatException(string message)
        : this("<input>", 1, 1, message)
    {
    }

    public EventFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        SourceName = "<input>";
        Line = 1;
        Column = 1;
        Reason = message;
    }

    public string SourceName { get; }

    public int Line { get; }

    public int Column { get; }

    public string Reason { get; }

    public Diagnostic ToDiagnostic() => new(
        "EVT0001",
        DiagnosticSeverity.Error,
        Reason,
        new SourceLocation(SourceName, default, new LinePosition(Line, Column), new LinePosition(Line, Column)));
}
