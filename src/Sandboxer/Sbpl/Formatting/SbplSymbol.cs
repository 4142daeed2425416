using System.Text;
using Sandboxer.Sbpl.Syntax;

namespace Sandboxer.Sbpl.Formatting;

/// <summary>A symbol such as <c>allow</c>, <c>file-read*</c> or <c>REGULAR-FILE</c>.</summary>
public sealed record SbplSymbol : SbplNode
{
    /// <exception cref="ArgumentException">The name would not read back as this one symbol (whitespace, parentheses,
    /// quotes, <c>;</c>, a number, a <c>#</c> form, …).</exception>
    public SbplSymbol(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var tree = SbplSyntaxTree.Parse(name);
        if (tree.Diagnostics.Count > 0 || tree.Root.Forms is not [AtomSyntax { Kind: SyntaxKind.Symbol } atom]
            || atom.Token.Text != name || atom.Token.LeadingTrivia.Length + atom.Token.TrailingTrivia.Length > 0)
        {
            throw new ArgumentException($"\"{name}\" is not a valid SBPL symbol", nameof(name));
        }

        Name = name;
    }

    public string Name { get; }

    internal override void Render(StringBuilder builder) => builder.Append(Name);
}
