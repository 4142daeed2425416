using System.Collections.Immutable;
using Sandboxer.Sbpl.Syntax;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Modes.Split;

/// <summary>
/// An <c>(allow|deny OP… FILTER… (with …)…)</c> form taken apart. Such a form means the same as one rule per
/// operation and filter, in any order among themselves (same action, same modifiers: they never race), which is what
/// lets a split move part of a form. Forms of another shape are moved only as a whole.
/// </summary>
internal sealed class RuleShape
{
    private RuleShape(SourceText source, ListSyntax form, string action, ImmutableArray<AtomSyntax> operations, ImmutableArray<SyntaxNode> filters, ImmutableArray<SyntaxNode> modifiers)
    {
        Source = source;
        Form = form;
        Action = action;
        Operations = operations;
        Filters = filters;
        Modifiers = modifiers;
    }

    /// <summary>The file the form is in (its spans are offsets into it).</summary>
    public SourceText Source { get; }

    public ListSyntax Form { get; }

    /// <summary><c>allow</c> or <c>deny</c>.</summary>
    public string Action { get; }

    public ImmutableArray<AtomSyntax> Operations { get; }

    public ImmutableArray<SyntaxNode> Filters { get; }

    public ImmutableArray<SyntaxNode> Modifiers { get; }

    /// <summary>False when the form is moved only as a whole (set when its parts do not evaluate like the form).</summary>
    public bool Decomposable { get; set; } = true;

    /// <summary>The shape of <paramref name="form"/>, or null when it is not a plain rule form.</summary>
    public static RuleShape? Read(SourceText source, ListSyntax form)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(form);
        if (form.HeadSymbol is not ("allow" or "deny"))
        {
            return null;
        }

        var operations = ImmutableArray.CreateBuilder<AtomSyntax>();
        var filters = ImmutableArray.CreateBuilder<SyntaxNode>();
        var modifiers = ImmutableArray.CreateBuilder<SyntaxNode>();
        var plain = !form.IsVector && !form.CloseParen.IsMissing;
        foreach (var element in form.Elements.Skip(1))
        {
            if (element is AtomSyntax { Kind: SyntaxKind.Symbol } symbol && filters.Count == 0 && modifiers.Count == 0)
            {
                operations.Add(symbol);
            }
            else if (element is ListSyntax { HeadSymbol: "with" } modifier)
            {
                modifiers.Add(modifier);
            }
            else if (element is ListSyntax { IsVector: false } filter && filter.HeadSymbol is not null)
            {
                filters.Add(filter);
            }
            else
            {
                plain = false;
            }
        }

        return new RuleShape(source, form, form.HeadSymbol, operations.ToImmutable(), filters.ToImmutable(), modifiers.ToImmutable())
        {
            Decomposable = plain && operations.Count > 0,
        };
    }
}
