using System.Globalization;
using System.Text.RegularExpressions;

namespace Sandboxer.Platforms.MacOS.Reports;

/// <summary>
/// Recognizes the record lines of the text log styles and the known noise lines around them. A line that is
/// neither is a continuation of the previous record (the unified log puts a <c>(with message …)</c> tag on the
/// next physical line, without any prefix).
/// </summary>
internal static partial class TextLogLineParser
{
    /// <summary>True for lines that carry nothing: blank, the <c>log</c> banner and headers, <c>log show</c> statistics.</summary>
    public static bool IsNoise(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return string.IsNullOrWhiteSpace(line) || Noise().IsMatch(line);
    }

    /// <summary>Parses a record line, or returns <see langword="null"/> when the line is not one.</summary>
    public static TextLogRecord? Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        Match match;
        if ((match = Syslog().Match(line)).Success)
        {
            return Unified(TextLogStyle.Syslog, match, LogTimestamp.Parse(match.Groups["ts"].Value));
        }

        if ((match = Compact().Match(line)).Success)
        {
            // The compact timestamp has no UTC offset: the instant cannot be known.
            return Unified(TextLogStyle.Compact, match, time: null);
        }

        if ((match = DefaultStyle().Match(line)).Success)
        {
            return Unified(TextLogStyle.Default, match, match.Groups["ts"].Success ? LogTimestamp.Parse(match.Groups["ts"].Value) : null);
        }

        if ((match = ConsoleExport().Match(line)).Success)
        {
            return Unified(TextLogStyle.Console, match, time: null);
        }

        if ((match = Asl().Match(line)).Success && (match.Groups["proc"].Success || match.Groups["level"].Success))
        {
            return new TextLogRecord(
                TextLogStyle.Asl,
                match.Groups["proc"].Success ? match.Groups["proc"].Value : null,
                match.Groups["pid"].Success ? ParsePid(match.Groups["pid"].Value) : null,
                Sender: null,
                Time: null,
                match.Groups["msg"].Value);
        }

        if ((match = Bare().Match(line)).Success)
        {
            return new TextLogRecord(TextLogStyle.Bare, null, null, match.Groups["sender"].Success ? match.Groups["sender"].Value : null, null, match.Groups["msg"].Value);
        }

        return null;
    }

    private static TextLogRecord Unified(TextLogStyle style, Match match, double? time)
    {
        var message = match.Groups["msg"].Value;
        string? sender = null;
        var senderMatch = SenderPrefix().Match(message);
        if (senderMatch.Success)
        {
            sender = senderMatch.Groups["sender"].Value;
            message = message[senderMatch.Length..];
        }

        var pid = match.Groups["pid"].Success ? ParsePid(match.Groups["pid"].Value) : null;
        return new TextLogRecord(style, match.Groups["proc"].Value, pid, sender, time, message);
    }

    private static int? ParsePid(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;

    [GeneratedRegex(
        @"\A(?:Filtering the log data using |Timestamp {2,}|Skipping info and debug messages|Log {2,}- Default:|Activity - Create:|---+\z|={3,}\z)",
        RegexOptions.CultureInvariant)]
    private static partial Regex Noise();

    [GeneratedRegex(
        @"\A(?<ts>[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]+[+-][0-9]{4}) +(?<host>\S+) +(?<proc>[^\[\]\t]+?)\[(?<pid>[0-9]+)\]: (?<msg>.*)\z",
        RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Syslog();

    [GeneratedRegex(
        @"\A(?<ts>[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}) (?<type>[A-Z][a-z]?) +(?<proc>[^\[\]\t]+?)\[(?<pid>[0-9]+):(?<tid>[0-9a-fA-F]+)\] (?<msg>.*)\z",
        RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Compact();

    [GeneratedRegex(
        @"\A(?:(?<ts>[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]+[+-][0-9]{4}) +(?<thread>0x[0-9a-f]+) +)?(?<type>Default|Info|Debug|Error|Fault) +(?<activity>0x[0-9a-f]+) +(?<pid>[0-9]+) +(?<ttl>[0-9]+) +(?<proc>[^:\t]+?): (?<msg>.*)\z",
        RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex DefaultStyle();

    [GeneratedRegex(
        @"\A(?<type>[^\t]+)\t(?<time>[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]+[+-][0-9]{4})\t(?<proc>[^\t]+)\t(?<msg>.*)\z",
        RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex ConsoleExport();

    [GeneratedRegex(
        @"\A(?:[A-Z][a-z]{2} +[0-9]{1,2} [0-9]{2}:[0-9]{2}:[0-9]{2} \S+ |[0-9]{2}/[0-9]{2}/[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2},[0-9]+ )?(?:(?<proc>[A-Za-z0-9_.-]+)\[(?<pid>[0-9]+)\](?: ?\(\[[0-9]+\]\))?)?(?: ?<(?<level>[A-Za-z]+)>)?: (?:\(\[[0-9]+\]\) )?(?<msg>.*)\z",
        RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Asl();

    [GeneratedRegex(
        @"\A(?:(?:error|warning): )?(?:kernel(?:\[0\])?: )?(?:\((?<sender>Sandbox)\) )?(?<msg>(?:[0-9]+ duplicate reports? for )?(?:Sandbox|System Policy):.*)\z",
        RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Bare();

    [GeneratedRegex(@"\A\((?<sender>[^()]+)\) ", RegexOptions.CultureInvariant)]
    private static partial Regex SenderPrefix();
}
