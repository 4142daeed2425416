using Sandboxer.Sbpl.Text;

namespace Sandboxer.Sbpl.Syntax;

/// <summary>Whitespace, a line break or a comment, kept so the tree reproduces its input exactly.</summary>
public sealed record SyntaxTrivia(SyntaxTriviaKind Kind, TextSpan Span, string Text)
{
    public bool IsComment => Kind is SyntaxTriviaKind.Comment or SyntaxTriviaKind.ShebangComment;

    public override string ToString() => Text;
}
