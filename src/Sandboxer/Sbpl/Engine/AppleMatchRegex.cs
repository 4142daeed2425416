using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Sandboxer.Sbpl.Engine;

/// <summary>
/// Translates Seatbelt regexes (AppleMatch: a POSIX-ERE-like subset compiled to an NFA — characters, <c>.</c>,
/// bracket expressions with POSIX classes, <c>^ $</c>, <c>* + ?</c>, <c>|</c> and groups, no back-references) into
/// .NET regexes with the same meaning:
/// <list type="bullet">
/// <item>matching is an unanchored search; <c>^</c> and <c>$</c> anchor at the start and the very end of the path
/// (<c>$</c> becomes <c>\z</c>: .NET's <c>$</c> would also match before a final newline);</item>
/// <item><c>.</c> and negated classes match any character including a newline (POSIX without REG_NEWLINE);</item>
/// <item>every literal is escaped, so no .NET-only meaning (<c>\d</c>, <c>(?…)</c>, lazy <c>*?</c>, class
/// subtraction) can leak in;</item>
/// <item>constructs whose AppleMatch meaning is unknown — a backslash before a letter or digit or inside brackets,
/// a repetition with nothing to repeat, stacked repetitions, collating elements — are refused with a reason;</item>
/// <item>intervals <c>{m,n}</c> are translated as POSIX intervals with a warning (AppleMatch support unconfirmed).</item>
/// </list>
/// How the translated pattern is run is up to <see cref="RegexTranslation"/>.
/// </summary>
internal static class AppleMatchRegex
{
    public static RegexTranslation Translate(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var warnings = new List<string>();
        var translated = ToDotNet(pattern, warnings, out var error, out var repeatsGroup);
        if (translated is null)
        {
            return new RegexTranslation(pattern, null, error, warnings, repeatsGroup: false);
        }

        try
        {
            return new RegexTranslation(pattern, translated, null, warnings, repeatsGroup);
        }
        catch (ArgumentException exception)
        {
            return new RegexTranslation(pattern, null, "cannot be compiled: " + exception.Message, warnings, repeatsGroup: false);
        }
    }

    internal static string? ToDotNet(string pattern, List<string> warnings, out string? error) =>
        ToDotNet(pattern, warnings, out error, out _);

    /// <summary>The .NET pattern for <paramref name="pattern"/>, or <see langword="null"/> with the reason.</summary>
    internal static string? ToDotNet(string pattern, List<string> warnings, out string? error, out bool repeatsGroup)
    {
        repeatsGroup = false;
        var output = new StringBuilder(pattern.Length * 2);
        var depth = 0;

        // What precedes the current position: nothing to repeat (start, after '(' or '|'), an atom, or a repetition.
        var previous = Previous.Nothing;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '\\':
                    if (i + 1 >= pattern.Length)
                    {
                        error = "it ends with a lone backslash";
                        return null;
                    }

                    var escaped = pattern[++i];
                    if (char.IsAsciiLetterOrDigit(escaped))
                    {
                        error = string.Create(CultureInfo.InvariantCulture, $"`\\{escaped}` at offset {i - 1} has no POSIX meaning");
                        return null;
                    }

                    AppendLiteral(output, escaped);
                    previous = Previous.Atom;
                    break;
                case '.':
                    output.Append('.');
                    previous = Previous.Atom;
                    break;
                case '[':
                    var end = TranslateBracket(pattern, i, output, out error);
                    if (end < 0)
                    {
                        return null;
                    }

                    i = end;
                    previous = Previous.Atom;
                    break;
                case '(':
                    output.Append("(?:");
                    depth++;
                    previous = Previous.Nothing;
                    break;
                case ')':
                    if (depth == 0)
                    {
                        error = string.Create(CultureInfo.InvariantCulture, $"`)` at offset {i} closes no group");
                        return null;
                    }

                    output.Append(')');
                    depth--;
                    previous = Previous.Atom;
                    break;
                case '|':
                    output.Append('|');
                    previous = Previous.Nothing;
                    break;
                case '*' or '+' or '?':
                    if (!CanRepeat(previous, c, i, out error))
                    {
                        return null;
                    }

                    repeatsGroup |= i > 0 && pattern[i - 1] == ')';

                    output.Append(c);
                    previous = Previous.Repetition;
                    break;
                case '{':
                    if (!TryInterval(pattern, i, out var interval, out var intervalEnd))
                    {
                        error = string.Create(CultureInfo.InvariantCulture, $"`{{` at offset {i} does not start an interval {{m}}, {{m,}} or {{m,n}}");
                        return null;
                    }

                    if (!CanRepeat(previous, '{', i, out error))
                    {
                        return null;
                    }

                    repeatsGroup |= i > 0 && pattern[i - 1] == ')';
                    warnings.Add(string.Create(CultureInfo.InvariantCulture, $"interval `{interval}` at offset {i} is read as a POSIX repetition; AppleMatch support for intervals is unconfirmed"));
                    output.Append(interval);
                    i = intervalEnd;
                    previous = Previous.Repetition;
                    break;
                case '^':
                    output.Append('^');
                    previous = Previous.Nothing;
                    break;
                case '$':
                    output.Append(@"\z");
                    previous = Previous.Nothing;
                    break;
                default:
                    AppendLiteral(output, c);
                    previous = Previous.Atom;
                    break;
            }
        }

        if (depth > 0)
        {
            error = "a group is not closed";
            return null;
        }

        error = null;
        return output.ToString();
    }

    private enum Previous
    {
        Nothing,
        Atom,
        Repetition,
    }

    private static bool CanRepeat(Previous previous, char op, int offset, out string? error)
    {
        error = previous switch
        {
            Previous.Nothing => string.Create(CultureInfo.InvariantCulture, $"`{op}` at offset {offset} has nothing to repeat (a glob-style `*` is not a regex wildcard)"),
            Previous.Repetition => string.Create(CultureInfo.InvariantCulture, $"`{op}` at offset {offset} repeats a repetition, which POSIX leaves undefined"),
            _ => null,
        };
        return error is null;
    }

    private static bool TryInterval(string pattern, int start, out string interval, out int end)
    {
        interval = string.Empty;
        end = pattern.IndexOf('}', start);
        if (end < 0)
        {
            return false;
        }

        var body = pattern[(start + 1)..end];
        var parts = body.Split(',');
        if (parts.Length > 2 || parts[0].Length == 0 || !parts[0].All(char.IsAsciiDigit) || !parts[^1].All(char.IsAsciiDigit))
        {
            return false;
        }

        if (parts.Length == 2 && parts[1].Length > 0
            && int.Parse(parts[1], CultureInfo.InvariantCulture) < int.Parse(parts[0], CultureInfo.InvariantCulture))
        {
            return false;
        }

        interval = "{" + body + "}";
        return true;
    }

    /// <summary>Translates the bracket expression starting at <paramref name="start"/>; returns the index of its <c>]</c>.</summary>
    private static int TranslateBracket(string pattern, int start, StringBuilder output, out string? error)
    {
        var i = start + 1;
        var negated = i < pattern.Length && pattern[i] == '^';
        if (negated)
        {
            i++;
        }

        var items = new StringBuilder();
        var first = true;
        while (true)
        {
            if (i >= pattern.Length)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"`[` at offset {start} is not closed");
                return -1;
            }

            var c = pattern[i];
            if (c == ']' && !first)
            {
                break;
            }

            first = false;
            if (c == '[' && i + 1 < pattern.Length && pattern[i + 1] is ':' or '=' or '.')
            {
                var kind = pattern[i + 1];
                var close = pattern.IndexOf(kind + "]", i + 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    error = string.Create(CultureInfo.InvariantCulture, $"`[{kind}` at offset {i} is not closed");
                    return -1;
                }

                var name = pattern[(i + 2)..close];
                if (kind != ':')
                {
                    error = string.Create(CultureInfo.InvariantCulture, $"collating element `[{kind}{name}{kind}]` at offset {i} is not supported");
                    return -1;
                }

                if (PosixClass(name) is not { } ranges)
                {
                    error = string.Create(CultureInfo.InvariantCulture, $"unknown character class `[:{name}:]` at offset {i}");
                    return -1;
                }

                items.Append(ranges);
                i = close + 2;
                continue;
            }

            if (c == '\\')
            {
                error = string.Create(CultureInfo.InvariantCulture, $"backslash inside brackets at offset {i}: POSIX reads it as a literal `\\`, other engines as an escape; write the character without it");
                return -1;
            }

            if (i + 2 < pattern.Length && pattern[i + 1] == '-' && pattern[i + 2] != ']')
            {
                var high = pattern[i + 2];
                if (high < c)
                {
                    error = string.Create(CultureInfo.InvariantCulture, $"range `{c}-{high}` at offset {i} is reversed");
                    return -1;
                }

                AppendClassChar(items, c);
                items.Append('-');
                AppendClassChar(items, high);
                i += 3;
                continue;
            }

            AppendClassChar(items, c);
            i++;
        }

        output.Append('[');
        if (negated)
        {
            output.Append('^');
        }

        output.Append(items);
        output.Append(']');
        error = null;
        return i;
    }

    private static string? PosixClass(string name) => name switch
    {
        "alpha" => "a-zA-Z",
        "digit" => "0-9",
        "alnum" => "a-zA-Z0-9",
        "upper" => "A-Z",
        "lower" => "a-z",
        "space" => @" \t\n\r\f\v",
        "blank" => @" \t",
        "punct" => @"!-/:-@\[-`{-~",
        "xdigit" => "0-9A-Fa-f",
        "cntrl" => @"\x00-\x1F\x7F",
        "print" => @" -~",
        "graph" => @"!-~",
        _ => null,
    };

    private static void AppendClassChar(StringBuilder output, char c)
    {
        if (char.IsAsciiLetterOrDigit(c))
        {
            output.Append(c);
        }
        else
        {
            output.Append(@"\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
        }
    }

    private static void AppendLiteral(StringBuilder output, char c)
    {
        if (char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or ',' or ':' or '@' or '%' or '~' or '=' or '\'' or '"' or '!' or '<' or '>' or ';' or '&')
        {
            output.Append(c);
        }
        else
        {
            output.Append(@"\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
        }
    }
}
