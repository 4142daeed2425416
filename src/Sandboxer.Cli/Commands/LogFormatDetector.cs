using System.Text;
using Sandboxer.Platforms.Linux.Tracing;
using Sandboxer.Platforms.MacOS.Reports;

namespace Sandboxer.Cli.Commands;

/// <summary>
/// Tells <c>import-log</c>'s formats apart from the first lines that carry something: a JSON object (after the
/// optional <c>Filtering the log data using …</c> banner) is <c>macos-ndjson</c>, a line strace's parser recognizes
/// is <c>strace</c>, anything else is one of the macOS text styles (<c>macos-syslog</c>).
/// </summary>
internal static class LogFormatDetector
{
    public const string MacOSNdjson = "macos-ndjson";
    public const string MacOSText = "macos-syslog";
    public const string Strace = "strace";

    public static string Detect(IEnumerable<string> firstLines)
    {
        ArgumentNullException.ThrowIfNull(firstLines);
        var meaningful = firstLines.FirstOrDefault(l => !string.IsNullOrWhiteSpace(l) && !l.StartsWith("Filtering the log data using ", StringComparison.Ordinal));
        if (meaningful is null || SandboxLogImporter.Detect([meaningful]) == SandboxLogFormat.Ndjson)
        {
            return MacOSNdjson;
        }

        return StraceLineParser.Parse(Encoding.UTF8.GetBytes(meaningful)).Kind != StraceLineKind.Unknown ? Strace : MacOSText;
    }
}
