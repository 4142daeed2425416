namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>
/// Splits one line of strace output into a <see cref="StraceLine"/>. Accepts the <c>-o</c> form (<c>PID␠␠body</c>),
/// the stderr form (<c>[pid  PID] body</c>), the <c>-ff</c> form (body only) and an optional <c>-t</c>/<c>-tt</c>/
/// <c>-ttt</c> timestamp. Allocation free: everything points into the line.
/// </summary>
internal static class StraceLineParser
{
    private const string UnfinishedMarker = " <unfinished ...>";

    public static StraceLine Parse(ReadOnlySpan<byte> line)
    {
        line = line.TrimEnd("\r "u8);
        var pid = 0;
        var i = 0;
        if (line.StartsWith("[pid "u8))
        {
            i = 5;
            while (i < line.Length && line[i] == (byte)' ')
            {
                i++;
            }

            pid = ReadInt(line, ref i);
            if (i >= line.Length || line[i] != (byte)']')
            {
                return default;
            }

            i++;
        }
        else if (i < line.Length && char.IsAsciiDigit((char)line[i]) && !IsTimestamp(line, i))
        {
            pid = ReadInt(line, ref i);
        }

        SkipSpaces(line, ref i);
        if (i < line.Length && char.IsAsciiDigit((char)line[i]) && IsTimestamp(line, i))
        {
            while (i < line.Length && line[i] != (byte)' ')
            {
                i++;
            }

            SkipSpaces(line, ref i);
        }

        return ParseBody(line[i..], pid);
    }

    /// <summary>Parses a line body without pid or timestamp (also used for calls rebuilt from unfinished halves).</summary>
    public static StraceLine ParseBody(ReadOnlySpan<byte> body, int pid)
    {
        if (body.StartsWith("+++ "u8))
        {
            return ParseExit(body, pid);
        }

        if (body.StartsWith("--- "u8))
        {
            var rest = body[4..];
            if (rest.StartsWith("stopped by "u8))
            {
                rest = rest[11..];
            }

            var end = rest.IndexOf((byte)' ');
            return new StraceLine(StraceLineKind.Signal, pid, end < 0 ? rest : rest[..end], default, default, 0);
        }

        if (body.StartsWith("<... "u8))
        {
            var marker = body.IndexOf(" resumed>"u8);
            if (marker < 0)
            {
                return new StraceLine(StraceLineKind.Unknown, pid, default, default, default, 0);
            }

            return new StraceLine(StraceLineKind.Resumed, pid, body[5..marker], body[(marker + 9)..], default, 0);
        }

        var open = body.IndexOf((byte)'(');
        if (open <= 0 || !IsName(body[..open]))
        {
            return new StraceLine(StraceLineKind.Unknown, pid, default, default, default, 0);
        }

        var name = body[..open];
        if (body.EndsWith("<unfinished ...>"u8))
        {
            var partial = body[(open + 1)..^(UnfinishedMarker.Length - 1)];
            if (!partial.IsEmpty && partial[^1] == (byte)' ')
            {
                partial = partial[..^1];
            }

            return new StraceLine(StraceLineKind.Unfinished, pid, name, partial, default, 0);
        }

        if (body.EndsWith(" ...>"u8))
        {
            var changed = body.LastIndexOf("<pid changed to "u8);
            if (changed > open)
            {
                var j = changed + 16;
                var newPid = ReadInt(body, ref j);
                var partial = body[(open + 1)..changed].TrimEnd((byte)' ');
                return new StraceLine(StraceLineKind.PidChanged, pid, name, partial, default, newPid);
            }
        }

        var close = StraceText.FindClosingParenthesis(body, open + 1);
        if (close < 0)
        {
            return new StraceLine(StraceLineKind.Unknown, pid, name, default, default, 0);
        }

        var k = close + 1;
        SkipSpaces(body, ref k);
        if (k >= body.Length || body[k] != (byte)'=')
        {
            return new StraceLine(StraceLineKind.Unknown, pid, name, default, default, 0);
        }

        return new StraceLine(StraceLineKind.Call, pid, name, body[(open + 1)..close], body[(k + 1)..].TrimStart((byte)' '), 0);
    }

    private static StraceLine ParseExit(ReadOnlySpan<byte> body, int pid)
    {
        var text = body[4..];
        if (text.StartsWith("exited with "u8))
        {
            var i = 12;
            var negative = i < text.Length && text[i] == (byte)'-';
            if (negative)
            {
                i++;
            }

            var status = ReadInt(text, ref i);
            return new StraceLine(StraceLineKind.Exited, pid, default, default, default, negative ? -status : status);
        }

        if (text.StartsWith("killed by "u8))
        {
            var rest = text[10..];
            var end = rest.IndexOf((byte)' ');
            return new StraceLine(StraceLineKind.Killed, pid, end < 0 ? rest : rest[..end], default, default, 0);
        }

        if (text.StartsWith("superseded by execve in pid "u8))
        {
            var i = 28;
            return new StraceLine(StraceLineKind.Superseded, pid, default, default, default, ReadInt(text, ref i));
        }

        return new StraceLine(StraceLineKind.Unknown, pid, default, default, default, 0);
    }

    /// <summary>A timestamp token: digits followed by <c>.</c> or <c>:</c> before the next space.</summary>
    private static bool IsTimestamp(ReadOnlySpan<byte> line, int start)
    {
        for (var i = start; i < line.Length; i++)
        {
            var c = line[i];
            if (c is (byte)'.' or (byte)':')
            {
                return true;
            }

            if (!char.IsAsciiDigit((char)c))
            {
                return false;
            }
        }

        return false;
    }

    private static bool IsName(ReadOnlySpan<byte> text)
    {
        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit((char)c) || c == (byte)'_'))
            {
                return false;
            }
        }

        return true;
    }

    private static int ReadInt(ReadOnlySpan<byte> text, ref int i)
    {
        var value = 0;
        while (i < text.Length && char.IsAsciiDigit((char)text[i]))
        {
            value = (value * 10) + (text[i] - (byte)'0');
            i++;
        }

        return value;
    }

    private static void SkipSpaces(ReadOnlySpan<byte> text, ref int i)
    {
        while (i < text.Length && text[i] == (byte)' ')
        {
            i++;
        }
    }
}
