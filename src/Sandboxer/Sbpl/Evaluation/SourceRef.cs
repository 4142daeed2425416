using Sandboxer.Sbpl.Syntax;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Sbpl.Evaluation;

/// <summary>Where a datum came from: the file and the syntax node, so errors and rules can point at it.</summary>
internal sealed class SourceRef
{
    private SourceLocation? _location;

    public SourceRef(SourceText source, SyntaxNode node)
    {
        Source = source;
        Node = node;
    }

    public SourceText Source { get; }

    public SyntaxNode Node { get; }

    public SourceLocation Location => _location ??= Source.GetLocation(Node.Span);

    /// <summary>The node's source text, comments inside included.</summary>
    public string Text => Node.ToString();
}
