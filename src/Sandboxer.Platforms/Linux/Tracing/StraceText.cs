using System.Buffers;

namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>
/// Lexical pieces of strace's output, on bytes: quoted strings (<c>"…"</c>, maybe followed by <c>...</c> when cut
/// by <c>-s</c>), <c>-y</c> decorations (<c>&lt;/path&gt;</c>, same escapes, with <c>&lt;</c> and <c>&gt;</c> escaped too),
/// and the escapes strace writes: <c>\" \\ \f \n \r \t \v</c>, <c>\xNN</c> and 1–3 digit octal.
/// </summary>
internal static class StraceText
{
    private static readonly SearchValues<byte> QuoteOrBackslash = SearchValues.Create("\"\\"u8);
    private static readonly SearchValues<byte> DecorationStops = SearchValues.Create("<>\\"u8);
    private static readonly SearchValues<byte> Structure = SearchValues.Create("\"<()[]{},"u8);

    /// <summary>
    /// From a <c>"</c> at <paramref name="start"/>, the index just past the string (past <c>...</c> when it was
    /// truncated), or -1 when the string is not closed on this line.
    /// </summary>
    public static int SkipQuoted(ReadOnlySpan<byte> text, int start)
    {
        var i = start + 1;
        while (i < text.Length)
        {
            var next = text[i..].IndexOfAny(QuoteOrBackslash);
            if (next < 0)
            {
                return -1;
            }

            i += next;
            if (text[i] == (byte)'\\')
            {
                i += 2;
                continue;
            }

            i++;
            return text[i..].StartsWith("..."u8) ? i + 3 : i;
        }

        return -1;
    }

    /// <summary>
    /// From a <c>&lt;</c> at <paramref name="start"/>, the index just past the decoration's closing <c>&gt;</c>, or -1.
    /// Socket details printed by <c>-yy</c> (<c>&lt;TCP:[1.2.3.4:5-&gt;6.7.8.9:10]&gt;</c>) hold an unescaped
    /// <c>&gt;</c> and end at <c>]&gt;</c>; device details (<c>&lt;/dev/null&lt;char 1:3&gt;&gt;</c>) nest.
    /// </summary>
    public static int SkipDecoration(ReadOnlySpan<byte> text, int start)
    {
        var content = text[(start + 1)..];
        var bracket = PseudoFileBracket(content);
        if (bracket >= 0)
        {
            var close = content[bracket..].IndexOf("]>"u8);
            return close < 0 ? -1 : start + 1 + bracket + close + 2;
        }

        var depth = 1;
        var i = start + 1;
        while (i < text.Length)
        {
            var next = text[i..].IndexOfAny(DecorationStops);
            if (next < 0)
            {
                return -1;
            }

            i += next;
            switch (text[i])
            {
                case (byte)'\\':
                    i += 2;
                    continue;
                case (byte)'<':
                    depth++;
                    break;
                default:
                    depth--;
                    if (depth == 0)
                    {
                        return i + 1;
                    }

                    break;
            }

            i++;
        }

        return -1;
    }

    /// <summary>
    /// For decoration content like <c>pipe:[9918]</c> or <c>TCP:[…]</c>: the index of the <c>[</c>; otherwise -1.
    /// </summary>
    public static int PseudoFileBracket(ReadOnlySpan<byte> content)
    {
        for (var i = 0; i < content.Length; i++)
        {
            var c = content[i];
            if (c == (byte)':')
            {
                return i > 0 && i + 1 < content.Length && content[i + 1] == (byte)'[' ? i + 1 : -1;
            }

            if (!(char.IsAsciiLetterOrDigit((char)c) || c == (byte)'_' || c == (byte)'-'))
            {
                return -1;
            }
        }

        return -1;
    }

    /// <summary>
    /// The index of the <c>)</c> that closes the argument list starting at <paramref name="start"/> (just after the
    /// opening <c>(</c>), skipping strings, decorations and nested brackets; -1 when the line ends first.
    /// </summary>
    public static int FindClosingParenthesis(ReadOnlySpan<byte> text, int start)
    {
        var depth = 0;
        var i = start;
        while (i < text.Length)
        {
            var next = text[i..].IndexOfAny(Structure);
            if (next < 0)
            {
                return -1;
            }

            i += next;
            switch (text[i])
            {
                case (byte)'"':
                    i = SkipQuoted(text, i);
                    if (i < 0)
                    {
                        return -1;
                    }

                    continue;
                case (byte)'<':
                    if (StartsDecoration(text, i))
                    {
                        i = SkipDecoration(text, i);
                        if (i < 0)
                        {
                            return -1;
                        }

                        continue;
                    }

                    break;
                case (byte)'(':
                case (byte)'[':
                case (byte)'{':
                    depth++;
                    break;
                case (byte)')':
                    if (depth == 0)
                    {
                        return i;
                    }

                    depth--;
                    break;
                case (byte)']':
                case (byte)'}':
                    depth--;
                    break;
            }

            i++;
        }

        return -1;
    }

    /// <summary>
    /// Splits an argument list (the text between the call's parentheses) at its top-level commas into
    /// <paramref name="ranges"/>; returns the number of arguments (which may exceed the span's length: only the
    /// first ones are stored). Arguments are trimmed of spaces.
    /// </summary>
    public static int SplitArguments(ReadOnlySpan<byte> text, Span<Range> ranges)
    {
        if (text.Trim((byte)' ').IsEmpty)
        {
            return 0;
        }

        var count = 0;
        var depth = 0;
        var begin = 0;
        var i = 0;
        while (i < text.Length)
        {
            var next = text[i..].IndexOfAny(Structure);
            if (next < 0)
            {
                break;
            }

            i += next;
            switch (text[i])
            {
                case (byte)'"':
                    i = SkipQuoted(text, i);
                    if (i < 0)
                    {
                        i = text.Length;
                    }

                    continue;
                case (byte)'<':
                    if (StartsDecoration(text, i))
                    {
                        var end = SkipDecoration(text, i);
                        i = end < 0 ? text.Length : end;
                        continue;
                    }

                    break;
                case (byte)'(':
                case (byte)'[':
                case (byte)'{':
                    depth++;
                    break;
                case (byte)')':
                case (byte)']':
                case (byte)'}':
                    depth--;
                    break;
                case (byte)',':
                    if (depth == 0)
                    {
                        Store(ranges, count++, text, begin, i);
                        begin = i + 1;
                    }

                    break;
            }

            i++;
        }

        Store(ranges, count++, text, begin, text.Length);
        return count;
    }

    /// <summary>A <c>&lt;</c> opens a decoration when it follows an fd number or <c>AT_FDCWD</c>.</summary>
    public static bool StartsDecoration(ReadOnlySpan<byte> text, int index) =>
        index > 0
        && char.IsAsciiLetterOrDigit((char)text[index - 1])
        && index + 1 < text.Length
        && text[index + 1] != (byte)'<';

    /// <summary>Decodes strace escapes; returns <paramref name="content"/> itself when there are none.</summary>
    public static ReadOnlySpan<byte> Unescape(ReadOnlySpan<byte> content, ByteScratch scratch)
    {
        var first = content.IndexOf((byte)'\\');
        if (first < 0)
        {
            return content;
        }

        var output = scratch.Allocate(content.Length);
        content[..first].CopyTo(output);
        var written = first;
        var i = first;
        while (i < content.Length)
        {
            var c = content[i];
            if (c != (byte)'\\' || i + 1 >= content.Length)
            {
                output[written++] = c;
                i++;
                continue;
            }

            var e = content[i + 1];
            switch (e)
            {
                case (byte)'n': output[written++] = (byte)'\n'; i += 2; break;
                case (byte)'t': output[written++] = (byte)'\t'; i += 2; break;
                case (byte)'r': output[written++] = (byte)'\r'; i += 2; break;
                case (byte)'f': output[written++] = (byte)'\f'; i += 2; break;
                case (byte)'v': output[written++] = (byte)'\v'; i += 2; break;
                case (byte)'a': output[written++] = 7; i += 2; break;
                case (byte)'b': output[written++] = 8; i += 2; break;
                case (byte)'x' when i + 3 < content.Length && IsHex(content[i + 2]) && IsHex(content[i + 3]):
                    output[written++] = (byte)((HexValue(content[i + 2]) << 4) | HexValue(content[i + 3]));
                    i += 4;
                    break;
                case >= (byte)'0' and <= (byte)'7':
                    var value = 0;
                    var digits = 0;
                    while (digits < 3 && i + 1 + digits < content.Length && content[i + 1 + digits] is >= (byte)'0' and <= (byte)'7')
                    {
                        value = (value << 3) | (content[i + 1 + digits] - (byte)'0');
                        digits++;
                    }

                    output[written++] = (byte)value;
                    i += 1 + digits;
                    break;
                default:
                    output[written++] = e;
                    i += 2;
                    break;
            }
        }

        scratch.Shrink(output, written);
        return output[..written];
    }

    private static void Store(Span<Range> ranges, int index, ReadOnlySpan<byte> text, int begin, int end)
    {
        if (index >= ranges.Length)
        {
            return;
        }

        while (begin < end && text[begin] == (byte)' ')
        {
            begin++;
        }

        while (end > begin && text[end - 1] == (byte)' ')
        {
            end--;
        }

        ranges[index] = begin..end;
    }

    private static bool IsHex(byte c) => char.IsAsciiHexDigit((char)c);

    private static int HexValue(byte c) => c <= (byte)'9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
