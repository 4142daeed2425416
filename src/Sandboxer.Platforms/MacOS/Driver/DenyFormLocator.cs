using Sandboxer.Sbpl.Syntax;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Platforms.MacOS.Driver;

/// <summary>
/// Finds every <c>(deny …)</c> form of a profile on the SBPL reader's lossless syntax tree — strings, regex
/// literals, comments and character literals are tokens or trivia there, so parentheses inside them never count —
/// with the offset of its closing parenthesis and whether it already carries a <c>(with message …)</c>. Forms the
/// reader had to close itself (unbalanced text) are left alone: sandbox-exec will reject that profile anyway.
/// </summary>
internal static class DenyFormLocator
{
    /// <summary>A deny form's closing parenthesis offset and whether it carries <c>(with message …)</c>.</summary>
    internal readonly record struct DenyForm(int CloseOffset, bool HasMessage);

    public static IReadOnlyList<DenyForm> Locate(SourceText source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var forms = new List<DenyForm>();
        foreach (var form in SbplSyntaxTree.Parse(source).Root.Forms)
        {
            Visit(form, forms);
        }

        return [.. forms.OrderBy(f => f.CloseOffset)];
    }

    private static void Visit(SyntaxNode node, List<DenyForm> forms)
    {
        switch (node)
        {
            case ListSyntax list:
                foreach (var element in list.Elements)
                {
                    Visit(element, forms);
                }

                if (list.HeadSymbol == "deny" && !list.CloseParen.IsMissing)
                {
                    forms.Add(new DenyForm(list.CloseParen.Span.Start, list.Elements.Any(IsMessageModifier)));
                }

                break;
            case QuotedSyntax { Datum: { } datum }:
                Visit(datum, forms);
                break;
            default:
                break;
        }
    }

    private static bool IsMessageModifier(SyntaxNode element) =>
        element is ListSyntax { HeadSymbol: "with" } with
        && with.Elements.Length > 1
        && with.Elements[1] is AtomSyntax { Token.Kind: SyntaxKind.Symbol, Token.Text: "message" };
}
