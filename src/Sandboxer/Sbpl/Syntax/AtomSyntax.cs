namespace Sandboxer.Sbpl.Syntax;

/// <summary>A single-token datum: symbol, string, raw string, integer, boolean, character or a lone dot.</summary>
public sealed class AtomSyntax : SyntaxNode
{
    internal AtomSyntax(SyntaxToken token) => Token = token;

    public SyntaxToken Token { get; }

    public SyntaxKind Kind => Token.Kind;

    public override SyntaxToken FirstToken => Token;

    public override SyntaxToken LastToken => Token;

    internal override SyntaxToken LastPresentToken => Token;

    internal override void CollectTokens(List<SyntaxToken> tokens) => tokens.Add(Token);
}
