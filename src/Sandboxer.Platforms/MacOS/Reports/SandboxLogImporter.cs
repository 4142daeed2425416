using Sandboxer.Events;

namespace Sandboxer.Platforms.MacOS.Reports;

/// <summary>
/// Reads a captured macOS sandbox log and turns its profile reports into events: the engine behind
/// <c>sandboxer import-log --format macos-ndjson|macos-syslog</c>.
/// </summary>
internal static class SandboxLogImporter
{
    public static SandboxLogRead Read(TextReader input, string sourceName, SandboxLogFormat format) => format switch
    {
        SandboxLogFormat.Ndjson => NdjsonSandboxLogReader.Read(input, sourceName),
        SandboxLogFormat.Text => TextSandboxLogReader.Read(input, sourceName),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown sandbox log format"),
    };

    /// <summary>
    /// The events of a log: all profile reports, or with <paramref name="tag"/> only those of the tagged run (see
    /// <see cref="SandboxReportAttribution"/>), duplicates folded into counts.
    /// </summary>
    public static IReadOnlyList<AccessEvent> ToEvents(SandboxLogRead read, string? tag = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        var entries = tag is null ? read.Entries : SandboxReportAttribution.Select(read.Entries, tag);
        return SandboxReportAggregator.ToEvents(entries);
    }

    /// <summary>
    /// Guesses the format from the first line that carries something: a JSON object (after the optional
    /// <c>Filtering the log data using …</c> banner) means NDJSON, anything else text.
    /// </summary>
    public static SandboxLogFormat Detect(IEnumerable<string> firstLines)
    {
        ArgumentNullException.ThrowIfNull(firstLines);
        foreach (var line in firstLines)
        {
            if (string.IsNullOrWhiteSpace(line) || line.StartsWith("Filtering the log data using ", StringComparison.Ordinal))
            {
                continue;
            }

            return line.TrimStart().StartsWith('{') ? SandboxLogFormat.Ndjson : SandboxLogFormat.Text;
        }

        return SandboxLogFormat.Ndjson;
    }
}
