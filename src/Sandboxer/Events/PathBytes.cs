using System.Text;

namespace Sandboxer.Events;

/// <summary>
/// Lossless conversion between file-name bytes and strings. Valid UTF-8 decodes normally; every byte that is not
/// part of a valid UTF-8 sequence becomes the lone surrogate U+DC00+byte (as Python's "surrogateescape"), so any
/// Linux path survives a round trip through a .NET string.
/// </summary>
public static class PathBytes
{
    private const char EscapeBase = '\uDC00';

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return Encoding.UTF8.GetString(bytes);
        }

        var builder = new StringBuilder(bytes.Length);
        var i = 0;
        while (i < bytes.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes[i..], out var rune, out var consumed);
            if (status == System.Buffers.OperationStatus.Done)
            {
                builder.Append(rune.ToString());
                i += consumed;
            }
            else
            {
                builder.Append((char)(EscapeBase + bytes[i]));
                i++;
            }
        }

        return builder.ToString();
    }

    public static byte[] Encode(string text)
    {
        if (!HasEscapes(text))
        {
            return Encoding.UTF8.GetBytes(text);
        }

        var output = new List<byte>(text.Length);
        Span<byte> buffer = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c >= EscapeBase && c <= '\uDCFF' && (i == 0 || !char.IsHighSurrogate(text[i - 1])))
            {
                output.Add((byte)(c - EscapeBase));
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var written = new System.Text.Rune(c, text[i + 1]).EncodeToUtf8(buffer);
                output.AddRange(buffer[..written]);
                i++;
                continue;
            }

            var count = new System.Text.Rune(char.IsSurrogate(c) ? '\uFFFD' : c).EncodeToUtf8(buffer);
            output.AddRange(buffer[..count]);
        }

        return [.. output];
    }

    /// <summary>True when <paramref name="text"/> holds bytes that were not valid UTF-8.</summary>
    public static bool HasEscapes(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A printable form: escaped bytes shown as <c>\xNN</c>.</summary>
    public static string ToDisplay(string text)
    {
        if (!HasEscapes(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[i + 1]);
                i++;
            }
            else if (c >= EscapeBase && c <= '\uDCFF')
            {
                builder.Append("\\x").Append(((int)(c - EscapeBase)).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
