namespace Sandboxer.Sbpl.Syntax;

/// <summary>
/// A prefixed datum: <c>'x</c> (quote), <c>`x</c> (quasiquote), <c>,x</c> (unquote), <c>,@x</c> (unquote-splicing).
/// <see cref="Datum"/> is null when the prefix has nothing after it (a diagnostic says so).
/// </summary>
public sealed class QuotedSyntax : SyntaxNode
{
    internal QuotedSyntax(SyntaxToken prefix, SyntaxNode? datum)
    {
        Prefix = prefix;
        Datum = datum;
    }

    public SyntaxToken Prefix { get; }

    public SyntaxNode? Datum { get; }

    /// <summary>The Scheme form the prefix abbreviates: <c>quote</c>, <c>quasiquote</c>, <c>unquote</c>, <c>unquote-splicing</c>.</summary>
    public string FormName => Prefix.Kind switch
    {
        SyntaxKind.Quote => "quote",
        SyntaxKind.Backquote => "quasiquote",
        SyntaxKind.Comma => "unquote",
        _ => "unquote-splicing",
    };

    public override SyntaxToken FirstToken => Prefix;

    public override SyntaxToken LastToken => Datum?.LastToken ?? Prefix;

    internal override SyntaxToken LastPresentToken => Datum?.LastPresentToken ?? Prefix;

    internal override void CollectTokens(List<SyntaxToken> tokens)
    {
        tokens.Add(Prefix);
        Datum?.CollectTokens(tokens);
    }
}
