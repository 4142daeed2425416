using System.Text;
using Sandboxer.Sbpl.Formatting;
using Sandboxer.Sbpl.Syntax;

namespace Sandboxer.Modes.Split;

/// <summary>Text of syntax nodes for comparing and re-assembling forms.</summary>
internal static class SyntaxText
{
    /// <summary>
    /// The node without comments and with single spaces, strings re-quoted from their value: two forms with the same
    /// canonical text read as the same datum (<c>#"a\."</c> and <c>"a\\."</c> agree).
    /// </summary>
    public static string Canonical(SyntaxNode node)
    {
        var builder = new StringBuilder();
        Append(builder, node);
        return builder.ToString();
    }

    /// <summary>The comment lines in the leading trivia of <paramref name="node"/>, each without its line break.</summary>
    public static IReadOnlyList<string> LeadingComments(SyntaxNode node) =>
        [.. node.FirstToken.LeadingTrivia.Where(t => t.IsComment).Select(t => t.Text)];

    /// <summary>The comment at the end of the node's last line (in the trailing trivia of its last token), if any.</summary>
    public static string? TrailingComment(SyntaxNode node) =>
        node.LastToken.TrailingTrivia.FirstOrDefault(t => t.IsComment)?.Text;

    /// <summary>The leading trivia of a node exactly as written (blank lines, comments, indentation).</summary>
    public static string LeadingTrivia(SyntaxNode node) => string.Concat(node.FirstToken.LeadingTrivia.Select(t => t.Text));

    /// <summary>The trailing trivia of a node exactly as written (normally a line break, maybe after a comment).</summary>
    public static string TrailingTrivia(SyntaxNode node) => string.Concat(node.LastToken.TrailingTrivia.Select(t => t.Text));

    private static void Append(StringBuilder builder, SyntaxNode node)
    {
        switch (node)
        {
            case ListSyntax list:
                builder.Append(list.IsVector ? "#(" : "(");
                for (var i = 0; i < list.Elements.Length; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(' ');
                    }

                    Append(builder, list.Elements[i]);
                }

                builder.Append(')');
                break;
            case AtomSyntax atom when atom.Kind is SyntaxKind.StringLiteral or SyntaxKind.RawStringLiteral
                && atom.Token.StringValue is { } value && SbplString.CanQuote(value):
                builder.Append(SbplString.Quote(value));
                break;
            case AtomSyntax atom:
                builder.Append(atom.Token.Text);
                break;
            case QuotedSyntax quoted:
                builder.Append(quoted.Prefix.Text);
                if (quoted.Datum is not null)
                {
                    Append(builder, quoted.Datum);
                }

                break;
            default:
                builder.Append(string.Join(' ', node.DescendantTokens().Select(t => t.Text)));
                break;
        }
    }
}
