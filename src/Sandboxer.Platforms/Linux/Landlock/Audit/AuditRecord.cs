using System.Globalization;
using Sandboxer.Events;

namespace Sandboxer.Platforms.Linux.Landlock.Audit;

/// <summary>
/// One kernel audit record: its type (1423 <c>LANDLOCK_ACCESS</c>, 1424 <c>LANDLOCK_DOMAIN</c>, 1300 <c>SYSCALL</c>, …),
/// its event id (<c>audit(SECONDS:SERIAL)</c>, shared by the records of one event) and its <c>key=value</c> fields.
/// Untrusted strings (paths, command names) arrive quoted, or hex-encoded when they contain spaces, quotes or
/// control bytes; both are decoded, hex into <see cref="PathBytes"/> form so no byte is lost.
/// </summary>
internal sealed record AuditRecord(int Type, double Time, long Serial, IReadOnlyDictionary<string, string> Fields, string Text)
{
    public const int LandlockAccess = 1423;
    public const int LandlockDomain = 1424;
    public const int Syscall = 1300;

    private static readonly HashSet<string> HexEncodable = new(StringComparer.Ordinal)
    {
        "path", "name", "comm", "exe", "ocomm", "cwd", "proctitle",
    };

    public string? this[string key] => Fields.TryGetValue(key, out var value) ? value : null;

    public static AuditRecord? Parse(int type, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var open = text.IndexOf("audit(", StringComparison.Ordinal);
        var close = open < 0 ? -1 : text.IndexOf("):", open, StringComparison.Ordinal);
        if (open < 0 || close < 0)
        {
            return null;
        }

        var stamp = text.AsSpan(open + 6, close - open - 6);
        var colon = stamp.IndexOf(':');
        if (colon < 0
            || !double.TryParse(stamp[..colon], NumberStyles.Float, CultureInfo.InvariantCulture, out var time)
            || !long.TryParse(stamp[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var serial))
        {
            return null;
        }

        return new AuditRecord(type, time, serial, ParseFields(text.AsSpan(close + 2)), text);
    }

    private static Dictionary<string, string> ParseFields(ReadOnlySpan<char> rest)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        while (i < rest.Length)
        {
            while (i < rest.Length && rest[i] == ' ')
            {
                i++;
            }

            var equals = rest[i..].IndexOf('=');
            if (equals <= 0)
            {
                break;
            }

            var key = rest.Slice(i, equals).ToString();
            i += equals + 1;
            string value;
            if (i < rest.Length && rest[i] == '"')
            {
                var end = rest[(i + 1)..].IndexOf('"');
                end = end < 0 ? rest.Length - i - 1 : end;
                value = rest.Slice(i + 1, end).ToString();
                i += end + 2;
            }
            else
            {
                var end = rest[i..].IndexOf(' ');
                end = end < 0 ? rest.Length - i : end;
                value = rest.Slice(i, end).ToString();
                i += end;
                if (HexEncodable.Contains(key) && TryDecodeHex(value, out var decoded))
                {
                    value = decoded;
                }
            }

            fields[key] = value;
        }

        return fields;
    }

    private static bool TryDecodeHex(string value, out string decoded)
    {
        decoded = value;
        if (value.Length == 0 || value.Length % 2 != 0 || value == "(null)" || !value.All(char.IsAsciiHexDigitUpper))
        {
            return false;
        }

        var bytes = Convert.FromHexString(value);
        decoded = PathBytes.Decode(bytes);
        return true;
    }
}
