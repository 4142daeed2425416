using System.Collections.Frozen;
using System.Text;
using Sandboxer.Sbpl.Syntax;

namespace Sandboxer.Sbpl.Formatting;

/// <summary>
/// Prints SBPL in one canonical style (documented in docs/sbpl-subset.md). Only whitespace and line breaks
/// change: every token keeps its spelling and order and every comment is kept next to what it was next to, so
/// the evaluated profile is the same. Formatting is idempotent.
/// </summary>
public static class SbplFormatter
{
    /// <summary>Lines are kept within this many columns where the tokens allow it.</summary>
    public const int LineWidth = 100;

    private const int IndentStep = 2;

    /// <summary>Forms whose first argument stays on the opening line and whose body is indented below.</summary>
    private static readonly FrozenSet<string> OneHeaderForms = new[]
    {
        "define", "lambda", "when", "unless", "if", "let*", "letrec", "letrec*", "with-filter", "with-modifier", "case",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Forms with a body: more than one body expression always goes on separate lines.</summary>
    private static readonly FrozenSet<string> BodyForms = new[]
    {
        "define", "lambda", "when", "unless", "let", "let*", "letrec", "letrec*", "begin", "cond", "case", "with-filter", "with-modifier",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Formats <paramref name="tree"/>.</summary>
    /// <exception cref="ArgumentException">The tree has syntax errors (only a readable profile has one meaning to keep).</exception>
    public static string Format(SbplSyntaxTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        if (tree.HasErrors)
        {
            throw new ArgumentException("cannot format a profile with syntax errors: " + tree.Diagnostics.First(d => d.IsError), nameof(tree));
        }

        var writer = new Writer();
        SyntaxToken? previous = null;
        foreach (var form in tree.Root.Forms)
        {
            var leading = Leading(form.FirstToken, previous);
            if (previous is not null)
            {
                writer.NewLine(0);
            }

            WriteComments(writer, leading, 0, first: previous is null);
            if (previous is not null && leading.Comments.Count == 0 && leading.BlankBeforeToken)
            {
                writer.BlankLine(0);
            }

            Print(writer, form);
            WriteTrailingComment(writer, form.LastToken);
            previous = form.LastToken;
        }

        var end = Leading(tree.Root.EndOfFile, previous);
        if (end.Comments.Count > 0)
        {
            if (previous is not null)
            {
                writer.NewLine(0);
            }

            WriteComments(writer, end with { BlankBeforeToken = false }, 0, first: previous is null, newLineAfterLast: false);
        }

        return writer.Finish();
    }

    /// <summary>Formats <paramref name="text"/>; see <see cref="Format(SbplSyntaxTree)"/>.</summary>
    public static string Format(string text, string path = "<input>") => Format(SbplSyntaxTree.Parse(text, path));

    /// <summary>True when <paramref name="tree"/> is already in canonical form.</summary>
    public static bool IsFormatted(SbplSyntaxTree tree) => Format(tree) == tree.ToFullString();

    private sealed record LeadingLayout(List<(string Text, bool BlankBefore)> Comments, bool BlankBeforeToken);

    /// <summary>The comments before <paramref name="token"/> and where blank lines were, counting the line break
    /// that ended <paramref name="previous"/>'s line.</summary>
    private static LeadingLayout Leading(SyntaxToken token, SyntaxToken? previous)
    {
        var newlines = previous is not null && previous.TrailingTrivia.Any(t => t.Kind == SyntaxTriviaKind.EndOfLine) ? 1 : 0;
        var comments = new List<(string, bool)>();
        foreach (var trivia in token.LeadingTrivia)
        {
            if (trivia.Kind == SyntaxTriviaKind.EndOfLine)
            {
                newlines++;
            }
            else if (trivia.IsComment)
            {
                comments.Add((trivia.Text.TrimEnd(), newlines >= 2));
                newlines = 0;
            }
        }

        return new LeadingLayout(comments, newlines >= 2);
    }

    private static string? TrailingComment(SyntaxToken token) =>
        token.TrailingTrivia.FirstOrDefault(t => t.IsComment)?.Text.TrimEnd();

    private static void WriteTrailingComment(Writer writer, SyntaxToken token)
    {
        if (TrailingComment(token) is { } comment)
        {
            writer.Write(" " + comment);
        }
    }

    /// <summary>Writes own-line comments, each followed by a line break at <paramref name="indent"/>.</summary>
    private static void WriteComments(Writer writer, LeadingLayout layout, int indent, bool first, bool newLineAfterLast = true)
    {
        for (var i = 0; i < layout.Comments.Count; i++)
        {
            var (text, blankBefore) = layout.Comments[i];
            if (blankBefore && !(first && i == 0))
            {
                writer.BlankLine(indent);
            }

            writer.Write(text);
            if (i < layout.Comments.Count - 1 || newLineAfterLast)
            {
                writer.NewLine(indent);
            }
        }

        if (layout.Comments.Count > 0 && layout.BlankBeforeToken && newLineAfterLast)
        {
            writer.BlankLine(indent);
        }
    }

    private static void Print(Writer writer, SyntaxNode node)
    {
        switch (node)
        {
            case AtomSyntax atom:
                writer.Write(atom.Token.Text);
                break;
            case QuotedSyntax quoted:
                var column = writer.Column;
                writer.Write(quoted.Prefix.Text);
                if (quoted.Datum is not null)
                {
                    // A comment between a quote and its datum is rare but must survive.
                    var between = Leading(quoted.Datum.FirstToken, quoted.Prefix);
                    if (TrailingComment(quoted.Prefix) is { } comment)
                    {
                        writer.Write(" " + comment);
                        writer.NewLine(column);
                    }
                    else if (between.Comments.Count > 0)
                    {
                        writer.NewLine(column);
                    }

                    WriteComments(writer, between with { BlankBeforeToken = false, Comments = [.. between.Comments.Select(c => (c.Text, false))] }, column, first: true);
                    Print(writer, quoted.Datum);
                }

                break;
            case ListSyntax list:
                PrintList(writer, list);
                break;
            default:
                foreach (var token in node.DescendantTokens())
                {
                    writer.Write(token.Text);
                }

                break;
        }
    }

    private static void PrintList(Writer writer, ListSyntax list)
    {
        var start = writer.Column;
        var flat = Flat(list);
        if (flat is not null && start + flat.Length <= LineWidth && !MustBreak(list))
        {
            writer.Write(flat);
            return;
        }

        var indent = start + IndentStep;
        var elements = list.Elements;
        writer.Write(list.OpenParen.Text);
        SyntaxToken previous = list.OpenParen;
        var index = 0;
        if (TrailingComment(list.OpenParen) is { } afterOpen && elements.Length > 0)
        {
            writer.Write(" " + afterOpen);
            writer.NewLine(indent);
        }

        if (elements.Length > 0)
        {
            var headLeading = Leading(elements[0].FirstToken, previous);
            if (headLeading.Comments.Count > 0)
            {
                if (TrailingComment(list.OpenParen) is null)
                {
                    writer.NewLine(indent);
                }

                WriteComments(writer, headLeading with { BlankBeforeToken = false }, indent, first: true);
            }

            Print(writer, elements[0]);
            previous = elements[0].LastToken;
            index = 1;
            var headerCount = HeaderCount(list);
            while (index < elements.Length && index <= headerCount && TrailingComment(previous) is null
                && Leading(elements[index].FirstToken, previous).Comments.Count == 0
                && (index == 1 || !IsAtom(elements[index]) || writer.Column + 1 + elements[index].Span.Length <= LineWidth))
            {
                writer.Write(" ");
                Print(writer, elements[index]);
                previous = elements[index].LastToken;
                index++;
            }

            WriteTrailingComment(writer, previous);
        }

        for (; index < elements.Length; index++)
        {
            var element = elements[index];
            var leading = Leading(element.FirstToken, previous);
            writer.NewLine(indent);
            if (leading.Comments.Count > 0 ? leading.Comments[0].BlankBefore : leading.BlankBeforeToken)
            {
                writer.BlankLine(indent);
            }

            WriteComments(writer, leading with { Comments = [.. leading.Comments.Select((c, i) => i == 0 ? (c.Text, false) : c)] }, indent, first: false);
            Print(writer, element);
            WriteTrailingComment(writer, element.LastToken);
            previous = element.LastToken;
        }

        var closing = Leading(list.CloseParen, previous);
        if (elements.Length == 0)
        {
            // Nothing was written after "(": its own trailing comment comes first.
            WriteTrailingComment(writer, list.OpenParen);
        }

        if (closing.Comments.Count > 0)
        {
            writer.NewLine(indent);
            for (var i = 0; i < closing.Comments.Count; i++)
            {
                writer.Write(closing.Comments[i].Text);
                if (i < closing.Comments.Count - 1)
                {
                    writer.NewLine(indent);
                }
            }

            writer.NewLine(start);
        }
        else if (TrailingComment(previous) is not null)
        {
            writer.NewLine(start);
        }

        writer.Write(list.CloseParen.Text);
    }

    private static bool IsAtom(SyntaxNode node) => node is AtomSyntax;

    /// <summary>How many elements after the head stay on the opening line.</summary>
    private static int HeaderCount(ListSyntax list)
    {
        var head = list.HeadSymbol;
        if (head == "let")
        {
            return list.Elements.Length > 1 && list.Elements[1] is AtomSyntax { Kind: SyntaxKind.Symbol } ? 2 : 1;
        }

        if (head is not null && OneHeaderForms.Contains(head))
        {
            return 1;
        }

        if (head is "cond" or "begin")
        {
            return 0;
        }

        var count = 0;
        for (var i = 1; i < list.Elements.Length && IsAtom(list.Elements[i]); i++)
        {
            count++;
        }

        return count;
    }

    /// <summary>Rules with several filters, and forms with several body expressions, always take one line each.</summary>
    private static bool MustBreak(ListSyntax list)
    {
        var head = list.HeadSymbol;
        if (head is "allow" or "deny")
        {
            return list.Elements.Skip(1).Count(e => e is ListSyntax) >= 2;
        }

        return head is not null && BodyForms.Contains(head) && list.Elements.Length - 1 - HeaderCount(list) >= 2;
    }

    /// <summary>The one-line form of <paramref name="node"/>, or null when it cannot be on one line (comments or
    /// multi-line strings inside).</summary>
    private static string? Flat(SyntaxNode node)
    {
        var tokens = node.DescendantTokens();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if ((i > 0 && token.LeadingTrivia.Any(t => t.IsComment))
                || (i < tokens.Count - 1 && token.TrailingTrivia.Any(t => t.IsComment))
                || token.Text.Contains('\n', StringComparison.Ordinal))
            {
                return null;
            }
        }

        var builder = new StringBuilder();
        AppendFlat(builder, node);
        return builder.ToString();
    }

    private static void AppendFlat(StringBuilder builder, SyntaxNode node)
    {
        switch (node)
        {
            case AtomSyntax atom:
                builder.Append(atom.Token.Text);
                break;
            case QuotedSyntax quoted:
                builder.Append(quoted.Prefix.Text);
                if (quoted.Datum is not null)
                {
                    AppendFlat(builder, quoted.Datum);
                }

                break;
            case ListSyntax list:
                builder.Append(list.OpenParen.Text);
                for (var i = 0; i < list.Elements.Length; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(' ');
                    }

                    AppendFlat(builder, list.Elements[i]);
                }

                builder.Append(list.CloseParen.Text);
                break;
            default:
                builder.Append(node.ToString());
                break;
        }
    }

    /// <summary>Builds the output, tracking the column and never leaving trailing spaces.</summary>
    private sealed class Writer
    {
        private readonly StringBuilder _text = new();

        /// <summary>Spaces at the end of the text that are indentation, not part of a token.</summary>
        private int _indentation;

        public int Column { get; private set; }

        public void Write(string text)
        {
            _indentation = 0;
            _text.Append(text);
            var lastBreak = text.LastIndexOf('\n');
            Column = lastBreak < 0 ? Column + text.Length : text.Length - lastBreak - 1;
        }

        public void NewLine(int indent)
        {
            TrimTrailingSpaces();
            _text.Append('\n').Append(' ', indent);
            _indentation = indent;
            Column = indent;
        }

        /// <summary>Turns the current (empty) line into a blank line followed by a new line at <paramref name="indent"/>.</summary>
        public void BlankLine(int indent)
        {
            NewLine(indent);
        }

        public string Finish()
        {
            TrimTrailingSpaces();
            if (_text.Length > 0)
            {
                _text.Append('\n');
            }

            return _text.ToString();
        }

        private void TrimTrailingSpaces()
        {
            _text.Length -= _indentation;
            _indentation = 0;
        }
    }
}
