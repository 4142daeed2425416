using Sandboxer.Sbpl.Syntax;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Sbpl.Evaluation;

/// <summary>Turns syntax into Scheme data (code is data), keeping each datum's origin for messages and rules.</summary>
internal static class DatumReader
{
    public static SchemeValue Read(SyntaxNode node, SourceText source)
    {
        var origin = new SourceRef(source, node);
        switch (node)
        {
            case AtomSyntax atom:
                var token = atom.Token;
                return token.Kind switch
                {
                    SyntaxKind.Symbol => new SchemeSymbol(token.StringValue!) { Origin = origin },
                    SyntaxKind.StringLiteral or SyntaxKind.RawStringLiteral => new SchemeString(token.StringValue!) { Origin = origin },
                    SyntaxKind.IntegerLiteral => new SchemeInteger(token.IntegerValue!.Value) { Origin = origin },
                    SyntaxKind.BooleanLiteral => SchemeBoolean.Literal(token.BooleanValue!.Value, origin),
                    SyntaxKind.CharacterLiteral => new SchemeCharacter(token.StringValue!) { Origin = origin },
                    _ => throw Errors.BadSyntax($"unexpected `{token.Text}`", origin),
                };
            case ListSyntax list:
                return ReadList(list, source, origin);
            case QuotedSyntax quoted when quoted.Datum is not null:
                var keyword = new SchemeSymbol(quoted.FormName) { Origin = origin };
                return new SchemePair(keyword, new SchemePair(Read(quoted.Datum, source), SchemeEmptyList.Instance)) { Origin = origin };
            default:
                throw Errors.BadSyntax($"cannot evaluate `{Errors.Shorten(node.ToString())}`", origin);
        }
    }

    private static SchemeValue ReadList(ListSyntax list, SourceText source, SourceRef origin)
    {
        var elements = list.Elements;
        var count = elements.Length;
        SchemeValue tail = SchemeEmptyList.Instance;
        var dot = -1;
        for (var i = 0; i < elements.Length && dot < 0; i++)
        {
            dot = elements[i] is AtomSyntax { Kind: SyntaxKind.Dot } ? i : -1;
        }

        if (dot >= 0)
        {
            if (dot == 0 || dot != count - 2)
            {
                throw Errors.BadSyntax("unexpected `.`: a dot goes before the last element of a list", new SourceRef(source, elements[dot]));
            }

            tail = Read(elements[^1], source);
            count = dot;
        }

        if (count == 0)
        {
            return tail;
        }

        for (var i = count - 1; i > 0; i--)
        {
            tail = new SchemePair(Read(elements[i], source), tail);
        }

        return new SchemePair(Read(elements[0], source), tail) { Origin = origin };
    }
}
