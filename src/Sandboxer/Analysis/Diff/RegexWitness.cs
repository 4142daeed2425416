using System.Text;

namespace Sandboxer.Analysis.Diff;

/// <summary>
/// Builds one string a Seatbelt regex matches, for probing: literals kept, <c>.</c> and classes replaced by an allowed
/// character, each repeated atom taken once, the first branch of each alternation. The caller checks the witness with
/// the real regex and drops it when it does not match (intervals, tricky classes).
/// </summary>
internal static class RegexWitness
{
    public static string? Generate(string pattern)
    {
        var output = new StringBuilder();
        var anchored = pattern.StartsWith('^');
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '^' or '$' or '(' or ')' or '*' or '+' or '?':
                    break;
                case '\\' when i + 1 < pattern.Length:
                    output.Append(pattern[++i]);
                    break;
                case '.':
                    output.Append('x');
                    break;
                case '[':
                    var end = pattern.IndexOf(']', i + 2);
                    if (end < 0)
                    {
                        return null;
                    }

                    output.Append(PickFromClass(pattern[(i + 1)..end]));
                    i = end;
                    break;
                case '{':
                    var close = pattern.IndexOf('}', i);
                    if (close < 0)
                    {
                        return null;
                    }

                    i = close;
                    break;
                case '|':
                    i = SkipToGroupEnd(pattern, i);
                    break;
                default:
                    output.Append(c);
                    break;
            }
        }

        var witness = output.ToString();
        return anchored || witness.StartsWith('/') ? witness : "/x/" + witness;
    }

    private static char PickFromClass(string body)
    {
        if (!body.StartsWith('^'))
        {
            return body.Length > 0 && body[0] != '[' ? body[0] : 'a';
        }

        foreach (var candidate in "xa0_")
        {
            if (!body.Contains(candidate, StringComparison.Ordinal))
            {
                return candidate;
            }
        }

        return 'q';
    }

    /// <summary>From a <c>|</c>, the index of the <c>)</c> closing the current group (or the end).</summary>
    private static int SkipToGroupEnd(string pattern, int start)
    {
        var depth = 0;
        for (var i = start + 1; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    i++;
                    break;
                case '(':
                    depth++;
                    break;
                case ')' when depth == 0:
                    return i - 1;
                case ')':
                    depth--;
                    break;
            }
        }

        return pattern.Length;
    }
}
