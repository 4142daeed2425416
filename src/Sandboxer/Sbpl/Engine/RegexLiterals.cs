using System.Text;

namespace Sandboxer.Sbpl.Engine;

/// <summary>
/// Literal text a Seatbelt regex implies, used to skip running it: the literal a <c>^</c>-anchored regex starts with
/// (the path must start with it) and the longest literal every match contains (the path must contain it). Both are
/// conservative: whenever the structure is not simple (a top-level <c>|</c>), they are absent.
/// </summary>
internal static class RegexLiterals
{
    public static string? AnchoredPrefix(string pattern)
    {
        if (!pattern.StartsWith('^') || HasTopLevelAlternation(pattern))
        {
            return null;
        }

        var run = new StringBuilder();
        for (var i = 1; i < pattern.Length; i++)
        {
            if (!TryLiteral(pattern, ref i, out var literal))
            {
                if (pattern[i] is '*' or '?' or '{' && run.Length > 0)
                {
                    run.Length--;
                }

                break;
            }

            run.Append(literal);
        }

        return run.ToString();
    }

    public static string? RequiredLiteral(string pattern)
    {
        if (HasTopLevelAlternation(pattern))
        {
            return null;
        }

        var best = string.Empty;
        var run = new StringBuilder();
        var depth = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            if (depth == 0 && TryLiteral(pattern, ref i, out var literal))
            {
                run.Append(literal);
                continue;
            }

            var c = pattern[i];
            if (c is '*' or '?' or '{' && run.Length > 0)
            {
                run.Length--;
            }

            if (run.Length > best.Length)
            {
                best = run.ToString();
            }

            run.Clear();
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                depth--;
            }
            else if (c == '[')
            {
                i = BracketEnd(pattern, i);
            }
            else if (c == '\\')
            {
                i++;
            }
        }

        if (run.Length > best.Length)
        {
            best = run.ToString();
        }

        return best.Length >= 2 ? best : null;
    }

    /// <summary>Reads one literal character at <paramref name="i"/> (plain, or an escaped punctuation character).</summary>
    private static bool TryLiteral(string pattern, ref int i, out char literal)
    {
        var c = pattern[i];
        if (c == '\\' && i + 1 < pattern.Length && !char.IsAsciiLetterOrDigit(pattern[i + 1]))
        {
            // Only when what follows is not a repetition of the escaped character.
            if (i + 2 < pattern.Length && pattern[i + 2] is '*' or '?' or '{')
            {
                literal = default;
                return false;
            }

            literal = pattern[++i];
            return true;
        }

        if (c is '.' or '[' or ']' or '(' or ')' or '|' or '*' or '+' or '?' or '{' or '}' or '^' or '$' or '\\')
        {
            literal = default;
            return false;
        }

        literal = c;
        return true;
    }

    private static bool HasTopLevelAlternation(string pattern)
    {
        var depth = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    i++;
                    break;
                case '[':
                    i = BracketEnd(pattern, i);
                    break;
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case '|' when depth == 0:
                    return true;
            }
        }

        return false;
    }

    /// <summary>The index of the <c>]</c> closing the bracket expression at <paramref name="start"/> (a leading <c>]</c> or <c>^]</c> is literal).</summary>
    private static int BracketEnd(string pattern, int start)
    {
        var i = start + 1;
        if (i < pattern.Length && pattern[i] == '^')
        {
            i++;
        }

        var close = pattern.IndexOf(']', Math.Min(i + 1, pattern.Length));
        return close < 0 ? pattern.Length : close;
    }
}
