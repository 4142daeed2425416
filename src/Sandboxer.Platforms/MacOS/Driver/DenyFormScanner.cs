namespace Sandboxer.Platforms.MacOS.Driver;

/// <summary>
/// Finds every <c>(deny …)</c> form of SBPL text lexically — strings (<c>"…"</c>, <c>#"…"</c>) with their escapes,
/// <c>;</c> and <c>#| |#</c> comments and <c>#\x</c> characters are skipped, so parentheses inside them never count
/// — and reports, for each, the offset of its closing parenthesis and whether it already has a
/// <c>(with message …)</c>. Unbalanced text yields only the forms that close.
/// </summary>
internal static class DenyFormScanner
{
    /// <summary>A deny form's closing parenthesis offset and whether it carries <c>(with message …)</c>.</summary>
    internal readonly record struct DenyForm(int CloseOffset, bool HasMessage);

    public static IReadOnlyList<DenyForm> Scan(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var forms = new List<DenyForm>();
        var stack = new Stack<Frame>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            switch (c)
            {
                case ';':
                    i = SkipLineComment(text, i);
                    continue;
                case '"':
                    i = SkipString(text, i + 1);
                    continue;
                case '#' when i + 1 < text.Length && text[i + 1] == '"':
                    i = SkipString(text, i + 2);
                    continue;
                case '#' when i + 1 < text.Length && text[i + 1] == '|':
                    i = SkipBlockComment(text, i + 2);
                    continue;
                case '#' when i + 1 < text.Length && text[i + 1] == '\\':
                    i = Math.Min(text.Length, i + 3);
                    continue;
                case '(':
                    var head = ReadSymbol(text, i + 1);
                    var second = head == "with" ? ReadSymbol(text, SkipSymbolAndSpace(text, i + 1)) : null;
                    if (head == "with" && second == "message" && stack.TryPeek(out var parent) && parent.IsDeny)
                    {
                        parent.HasMessage = true;
                    }

                    stack.Push(new Frame(head == "deny"));
                    i++;
                    continue;
                case ')':
                    if (stack.TryPop(out var frame) && frame.IsDeny)
                    {
                        forms.Add(new DenyForm(i, frame.HasMessage));
                    }

                    i++;
                    continue;
                default:
                    i++;
                    continue;
            }
        }

        return forms;
    }

    private static int SkipLineComment(string text, int i)
    {
        var end = text.IndexOf('\n', i);
        return end < 0 ? text.Length : end;
    }

    private static int SkipString(string text, int i)
    {
        while (i < text.Length)
        {
            if (text[i] == '\\')
            {
                i += 2;
                continue;
            }

            if (text[i] == '"')
            {
                return i + 1;
            }

            i++;
        }

        return text.Length;
    }

    private static int SkipBlockComment(string text, int i)
    {
        var end = text.IndexOf("|#", i, StringComparison.Ordinal);
        return end < 0 ? text.Length : end + 2;
    }

    private static int SkipSpace(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    private static int SkipSymbolAndSpace(string text, int i)
    {
        i = SkipSpace(text, i);
        while (i < text.Length && IsSymbolChar(text[i]))
        {
            i++;
        }

        return SkipSpace(text, i);
    }

    private static string ReadSymbol(string text, int i)
    {
        i = SkipSpace(text, i);
        var start = i;
        while (i < text.Length && IsSymbolChar(text[i]))
        {
            i++;
        }

        return text[start..i];
    }

    private static bool IsSymbolChar(char c) => !char.IsWhiteSpace(c) && c is not ('(' or ')' or '"' or ';' or '\'');

    private sealed class Frame(bool isDeny)
    {
        public bool IsDeny { get; } = isDeny;

        public bool HasMessage { get; set; }
    }
}
