using System.Globalization;

namespace Sandboxer.Platforms.MacOS.Reports;

/// <summary>
/// The unified log's timestamp, <c>YYYY-MM-DD HH:MM:SS.ffffff±HHMM</c> (local time with a numeric offset), as
/// seconds since the Unix epoch.
/// </summary>
internal static class LogTimestamp
{
    public static double? Parse(string? text)
    {
        if (text is null || text.Length < 24)
        {
            return null;
        }

        var offsetText = text[^5..];
        if ((offsetText[0] != '+' && offsetText[0] != '-')
            || !int.TryParse(offsetText.AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            || !int.TryParse(offsetText.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes))
        {
            return null;
        }

        if (!DateTime.TryParseExact(text[..^5], "yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }

        var offset = new TimeSpan(hours, minutes, 0);
        var instant = new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), offsetText[0] == '-' ? -offset : offset);
        return (instant.UtcTicks - DateTime.UnixEpoch.Ticks) / (double)TimeSpan.TicksPerSecond;
    }
}
