using System.Collections.Immutable;

namespace Sandboxer.Sbpl.Syntax;

/// <summary>
/// Tokens the parser could not place in the tree (an unexpected <c>)</c>, a bad token, or an expression nested
/// too deeply). They are kept so the text still round-trips; a diagnostic explains each.
/// </summary>
public sealed class SkippedSyntax : SyntaxNode
{
    internal SkippedSyntax(ImmutableArray<SyntaxToken> tokens)
    {
        if (tokens.IsEmpty)
        {
            throw new ArgumentException("skipped syntax needs at least one token", nameof(tokens));
        }

        Tokens = tokens;
    }

    public ImmutableArray<SyntaxToken> Tokens { get; }

    public override SyntaxToken FirstToken => Tokens[0];

    public override SyntaxToken LastToken => Tokens[^1];

    internal override SyntaxToken LastPresentToken => Tokens[^1];

    internal override void CollectTokens(List<SyntaxToken> tokens) => tokens.AddRange(Tokens);
}
