using Sandboxer.Sbpl.Syntax;

namespace Sandboxer.Modes.Split;

/// <summary>One top-level form of a mode profile, in evaluation order (forms of an inlined base included).</summary>
internal sealed class FormEntry
{
    public FormEntry(SyntaxNode node, FormRole role, RuleShape? shape, string? leadingTrivia = null)
    {
        Node = node;
        Role = role;
        Shape = shape;
        LeadingTrivia = leadingTrivia ?? SyntaxText.LeadingTrivia(node);
    }

    public SyntaxNode Node { get; }

    public FormRole Role { get; }

    public RuleShape? Shape { get; }

    /// <summary>The comments and blank lines before the form as they are to be written (a base's header removed).</summary>
    public string LeadingTrivia { get; }

    /// <summary>The form and the rest of its last line, without the leading trivia.</summary>
    public string Body => Node.ToString() + SyntaxText.TrailingTrivia(Node);

    /// <summary>The <c>;;;</c> section-heading comment lines before the form (the Lisp convention generated profiles follow).</summary>
    public IReadOnlyList<string> SectionHeading =>
        [.. Node.FirstToken.LeadingTrivia.Where(t => t.IsComment && t.Text.StartsWith(";;;", StringComparison.Ordinal)).Select(t => t.Text)];

    /// <summary>Whether the form may start the part of a profile that shared rules are taken from.</summary>
    public bool IsPreamble => Role is FormRole.Version or FormRole.Neutral or FormRole.Import
        || (Role == FormRole.Rule && Shape is { Decomposable: true, Filters.IsEmpty: true } shape
            && shape.Operations.All(o => o.Token.Text == "default"));
}
