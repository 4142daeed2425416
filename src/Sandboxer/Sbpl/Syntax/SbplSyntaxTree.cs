using Sandboxer.Collections;
using Sandboxer.Diagnostics;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Sbpl.Syntax;

/// <summary>
/// The lossless syntax tree of one SBPL file together with the reader's diagnostics.
/// <see cref="ToFullString"/> gives back the input exactly, whatever the input was.
/// </summary>
public sealed class SbplSyntaxTree
{
    private SbplSyntaxTree(SourceText source, ProfileSyntax root, EquatableArray<Diagnostic> diagnostics)
    {
        Source = source;
        Root = root;
        Diagnostics = diagnostics;
    }

    public SourceText Source { get; }

    public ProfileSyntax Root { get; }

    /// <summary>Reader diagnostics (<c>SBPL1xxx</c>) in text order.</summary>
    public EquatableArray<Diagnostic> Diagnostics { get; }

    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>Reads <paramref name="source"/>. Never throws for any input text.</summary>
    public static SbplSyntaxTree Parse(SourceText source, SbplParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var diagnostics = new List<Diagnostic>();
        var root = new Parser(source, options ?? SbplParseOptions.Default, diagnostics).ParseProfile();
        var ordered = diagnostics
            .Select((d, i) => (Diagnostic: d, Order: i))
            .OrderBy(x => x.Diagnostic.Location?.Span.Start ?? 0)
            .ThenBy(x => x.Order)
            .Select(x => x.Diagnostic);
        return new SbplSyntaxTree(source, root, [.. ordered]);
    }

    /// <summary>Reads <paramref name="text"/> as a file named <paramref name="path"/>.</summary>
    public static SbplSyntaxTree Parse(string text, string path = "<input>", SbplParseOptions? options = null) =>
        Parse(new SourceText(text, path), options);

    public SourceLocation GetLocation(TextSpan span) => Source.GetLocation(span);

    public SourceLocation GetLocation(SyntaxNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return Source.GetLocation(node.Span);
    }

    /// <summary>The exact input text, rebuilt from the tokens and their trivia.</summary>
    public string ToFullString() => Root.ToFullString();
}
