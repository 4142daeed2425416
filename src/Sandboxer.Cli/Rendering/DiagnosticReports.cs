using System.Text.Json;
using Sandboxer.Analysis;
using Sandboxer.Diagnostics;

namespace Sandboxer.Cli.Rendering;

/// <summary>Machine-readable forms of <c>check</c> findings: <c>--format json</c> and <c>--format sarif</c> (SARIF 2.1.0).</summary>
internal static class DiagnosticReports
{
    public const int SchemaVersion = 1;

    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        [LintCodes.AllowDefault] = "(allow default) allows everything no rule denies",
        [LintCodes.UnfilteredBroadAllow] = "unfiltered allow of a broad file or network operation",
        [LintCodes.RootOrHome] = "rule opens / or a whole home directory",
        [LintCodes.SymlinkedPath] = "path under /tmp, /var or /etc never matches on macOS",
        [LintCodes.UnrestrictedOutbound] = "outbound network to any host and port",
        [LintCodes.SecretReadable] = "the profile lets the program read secrets",
        [LintCodes.SecretWritable] = "the profile lets the program write secrets or persistence points",
        [LintCodes.TrailingSlash] = "literal or subpath pattern ending in /",
        [LintCodes.GlobLikeRegex] = "regex written like a glob",
        ["SBPL3001"] = "regex construct whose macOS meaning is unknown",
        ["SBPL3002"] = "regex construct whose macOS support is unconfirmed",
    };

    public static void WriteJson(Utf8JsonWriter writer, IReadOnlyList<string> files, IReadOnlyList<Diagnostic> diagnostics)
    {
        writer.WriteStartObject();
        writer.WriteNumber("schemaVersion", SchemaVersion);
        writer.WriteStartArray("files");
        foreach (var file in files)
        {
            writer.WriteStringValue(file);
        }

        writer.WriteEndArray();
        writer.WriteNumber("errors", diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error));
        writer.WriteNumber("warnings", diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning));
        writer.WriteStartArray("diagnostics");
        foreach (var diagnostic in diagnostics)
        {
            writer.WriteStartObject();
            if (diagnostic.Location is { } location)
            {
                writer.WriteString("file", location.Path);
                writer.WriteNumber("line", location.Start.Line);
                writer.WriteNumber("column", location.Start.Column);
                writer.WriteNumber("endLine", location.End.Line);
                writer.WriteNumber("endColumn", location.End.Column);
            }
            else
            {
                writer.WriteNull("file");
                writer.WriteNull("line");
                writer.WriteNull("column");
                writer.WriteNull("endLine");
                writer.WriteNull("endColumn");
            }

            writer.WriteString("severity", SeverityName(diagnostic.Severity));
            writer.WriteString("code", diagnostic.Code);
            writer.WriteString("message", diagnostic.Message);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static void WriteSarif(Utf8JsonWriter writer, IReadOnlyList<Diagnostic> diagnostics)
    {
        writer.WriteStartObject();
        writer.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        writer.WriteString("version", "2.1.0");
        writer.WriteStartArray("runs");
        writer.WriteStartObject();
        writer.WriteStartObject("tool");
        writer.WriteStartObject("driver");
        writer.WriteString("name", "sandboxer");
        writer.WriteString("semanticVersion", typeof(DiagnosticReports).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
        writer.WriteStartArray("rules");
        foreach (var code in diagnostics.Select(d => d.Code).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            writer.WriteStartObject();
            writer.WriteString("id", code);
            writer.WriteStartObject("shortDescription");
            writer.WriteString("text", Descriptions.GetValueOrDefault(code) ?? "sandboxer diagnostic " + code);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteStartArray("results");
        foreach (var diagnostic in diagnostics)
        {
            writer.WriteStartObject();
            writer.WriteString("ruleId", diagnostic.Code);
            writer.WriteString("level", diagnostic.Severity switch
            {
                DiagnosticSeverity.Error => "error",
                DiagnosticSeverity.Warning => "warning",
                _ => "note",
            });
            writer.WriteStartObject("message");
            writer.WriteString("text", diagnostic.Message);
            writer.WriteEndObject();
            writer.WriteStartArray("locations");
            if (diagnostic.Location is { } location)
            {
                writer.WriteStartObject();
                writer.WriteStartObject("physicalLocation");
                writer.WriteStartObject("artifactLocation");
                writer.WriteString("uri", new Uri(Path.GetFullPath(location.Path)).AbsoluteUri);
                writer.WriteEndObject();
                writer.WriteStartObject("region");
                writer.WriteNumber("startLine", location.Start.Line);
                writer.WriteNumber("startColumn", location.Start.Column);
                writer.WriteNumber("endLine", location.End.Line);
                writer.WriteNumber("endColumn", location.End.Column);
                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static string SeverityName(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "info",
    };
}
