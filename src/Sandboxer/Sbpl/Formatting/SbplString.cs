using System.Globalization;
using System.Text;

namespace Sandboxer.Sbpl.Formatting;

/// <summary>
/// Writes SBPL string literals that read back as exactly the same text. Nothing inside can end the string or
/// start a new form: <c>"</c> and <c>\</c> are escaped, line breaks and tabs use <c>\n \r \t</c>, other ASCII
/// control characters use <c>\xHH</c>. NUL (TinyScheme strings are C strings: it would cut the string short) and
/// lone UTF-16 surrogates (not encodable in a UTF-8 profile) are rejected.
/// </summary>
public static class SbplString
{
    /// <summary>The string literal for <paramref name="value"/>, quotes included.</summary>
    /// <exception cref="ArgumentException">The value contains NUL or a lone surrogate.</exception>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var problem = FindUnrepresentable(value);
        if (problem is { } index)
        {
            var what = value[index] == '\0' ? "a NUL character" : "a lone UTF-16 surrogate";
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"cannot write {what} (at index {index}) into an SBPL string"),
                nameof(value));
        }

        return Escape(value);
    }

    /// <summary>True when <see cref="Quote"/> accepts <paramref name="value"/>.</summary>
    public static bool CanQuote(string value) => FindUnrepresentable(value) is null;

    /// <summary>Like <see cref="Quote"/> but never throws: for messages, where NUL shows as <c>\x00</c> and a lone
    /// surrogate as U+FFFD.</summary>
    internal static string QuoteForDisplay(string value)
    {
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[++i]);
            }
            else
            {
                builder.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        return Escape(builder.ToString());
    }

    private static int? FindUnrepresentable(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                return i;
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                return i;
            }
        }

        return null;
    }

    private static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                default:
                    if (c < ' ' || c == '\u007f')
                    {
                        builder.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }
}
