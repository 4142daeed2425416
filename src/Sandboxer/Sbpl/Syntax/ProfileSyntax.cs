using System.Collections.Immutable;

namespace Sandboxer.Sbpl.Syntax;

/// <summary>The root of a file: its top-level forms and the end-of-file token holding the final trivia.</summary>
public sealed class ProfileSyntax : SyntaxNode
{
    internal ProfileSyntax(ImmutableArray<SyntaxNode> forms, SyntaxToken endOfFile)
    {
        Forms = forms;
        EndOfFile = endOfFile;
    }

    public ImmutableArray<SyntaxNode> Forms { get; }

    public SyntaxToken EndOfFile { get; }

    public override SyntaxToken FirstToken => Forms.Length > 0 ? Forms[0].FirstToken : EndOfFile;

    public override SyntaxToken LastToken => EndOfFile;

    internal override SyntaxToken LastPresentToken => EndOfFile;

    internal override void CollectTokens(List<SyntaxToken> tokens)
    {
        foreach (var form in Forms)
        {
            form.CollectTokens(tokens);
        }

        tokens.Add(EndOfFile);
    }
}
