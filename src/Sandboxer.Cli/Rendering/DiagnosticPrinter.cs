using Sandboxer.Diagnostics;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Cli.Rendering;

/// <summary>
/// Prints diagnostics in the clang form <c>file:line:column: severity CODE: message</c>, followed by the source
/// line and a caret under the column when the source text is at hand.
/// </summary>
internal static class DiagnosticPrinter
{
    public static void Print(TextWriter writer, Diagnostic diagnostic, Func<string, SourceText?>? sources = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(diagnostic);
        writer.WriteLine(diagnostic.ToString());
        if (diagnostic.Location is not { } location || sources?.Invoke(location.Path) is not { } source)
        {
            return;
        }

        var line = source.GetLineText(location.Start.Line);
        if (line.Length == 0)
        {
            return;
        }

        var shown = line.Replace('\t', ' ');
        writer.WriteLine("    " + shown);
        var column = Math.Clamp(location.Start.Column - 1, 0, shown.Length);
        var width = location.End.Line == location.Start.Line
            ? Math.Clamp(location.End.Column - location.Start.Column, 1, Math.Max(1, shown.Length - column))
            : 1;
        writer.WriteLine("    " + new string(' ', column) + new string('^', width));
    }

    public static void PrintAll(TextWriter writer, IEnumerable<Diagnostic> diagnostics, Func<string, SourceText?>? sources = null)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        foreach (var diagnostic in diagnostics)
        {
            Print(writer, diagnostic, sources);
        }
    }
}
