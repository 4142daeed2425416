using System.Globalization;
using System.Text;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Sbpl.Syntax;

/// <summary>
/// An immutable node of the lossless syntax tree. Writing every token of a tree with its trivia gives back the
/// input text byte for byte.
/// </summary>
public abstract class SyntaxNode
{
    /// <summary>The node's text without the leading trivia of its first token and the trailing trivia of its last.</summary>
    public TextSpan Span => TextSpan.FromBounds(FirstToken.Span.Start, Math.Max(FirstToken.Span.Start, LastPresentToken.Span.End));

    /// <summary>The node's text including all trivia of its tokens.</summary>
    public TextSpan FullSpan => TextSpan.FromBounds(FirstToken.FullSpan.Start, LastToken.FullSpan.End);

    /// <summary>The first token of the node.</summary>
    public abstract SyntaxToken FirstToken { get; }

    /// <summary>The last token of the node (possibly a missing, zero-width token).</summary>
    public abstract SyntaxToken LastToken { get; }

    /// <summary>The last token that is actually in the text.</summary>
    internal abstract SyntaxToken LastPresentToken { get; }

    /// <summary>Every token of this node in text order, including missing (zero-width) tokens.</summary>
    public IReadOnlyList<SyntaxToken> DescendantTokens()
    {
        var tokens = new List<SyntaxToken>();
        CollectTokens(tokens);
        return tokens;
    }

    internal abstract void CollectTokens(List<SyntaxToken> tokens);

    public void WriteTo(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var token in DescendantTokens())
        {
            token.WriteTo(writer);
        }
    }

    /// <summary>The exact text of the node including its trivia.</summary>
    public string ToFullString()
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        WriteTo(writer);
        return writer.ToString();
    }

    /// <summary>The node's text without its outer trivia (the comments and whitespace inside are kept).</summary>
    public override string ToString()
    {
        var tokens = DescendantTokens();
        var builder = new StringBuilder();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (i > 0)
            {
                foreach (var trivia in token.LeadingTrivia)
                {
                    builder.Append(trivia.Text);
                }
            }

            builder.Append(token.Text);
            if (i < tokens.Count - 1)
            {
                foreach (var trivia in token.TrailingTrivia)
                {
                    builder.Append(trivia.Text);
                }
            }
        }

        return builder.ToString();
    }
}
