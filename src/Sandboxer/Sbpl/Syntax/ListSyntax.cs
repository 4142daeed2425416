using System.Collections.Immutable;

namespace Sandboxer.Sbpl.Syntax;

/// <summary>A parenthesised list <c>( element… )</c>. An unbalanced list has a missing <see cref="CloseParen"/>.</summary>
public sealed class ListSyntax : SyntaxNode
{
    internal ListSyntax(SyntaxToken openParen, ImmutableArray<SyntaxNode> elements, SyntaxToken closeParen)
    {
        OpenParen = openParen;
        Elements = elements;
        CloseParen = closeParen;
    }

    public SyntaxToken OpenParen { get; }

    public ImmutableArray<SyntaxNode> Elements { get; }

    public SyntaxToken CloseParen { get; }

    /// <summary>True for a <c>#(…)</c> vector literal, which SBPL does not support.</summary>
    public bool IsVector => OpenParen.Kind == SyntaxKind.VectorOpenParen;

    /// <summary>The symbol name of the first element, e.g. <c>allow</c> for <c>(allow file-read*)</c>.</summary>
    public string? HeadSymbol =>
        Elements.Length > 0 && Elements[0] is AtomSyntax { Token.Kind: SyntaxKind.Symbol } atom ? atom.Token.Text : null;

    public override SyntaxToken FirstToken => OpenParen;

    public override SyntaxToken LastToken => CloseParen;

    internal override SyntaxToken LastPresentToken =>
        !CloseParen.IsMissing ? CloseParen : Elements.Length > 0 ? Elements[^1].LastPresentToken : OpenParen;

    internal override void CollectTokens(List<SyntaxToken> tokens)
    {
        tokens.Add(OpenParen);
        foreach (var element in Elements)
        {
            element.CollectTokens(tokens);
        }

        tokens.Add(CloseParen);
    }
}
