namespace Sandboxer.Sbpl.Evaluation;

/// <summary><c>eq?</c>, <c>eqv?</c> and <c>equal?</c>.</summary>
internal static class SchemeEquality
{
    /// <summary>Atoms compare by value (symbols by name, numbers, booleans, characters); strings, pairs and
    /// procedures by identity.</summary>
    public static bool Eqv(SchemeValue a, SchemeValue b) => (a, b) switch
    {
        (SchemeSymbol x, SchemeSymbol y) => x.Name == y.Name,
        (SchemeInteger x, SchemeInteger y) => x.Value == y.Value,
        (SchemeBoolean x, SchemeBoolean y) => x.Value == y.Value,
        (SchemeCharacter x, SchemeCharacter y) => x.Value == y.Value,
        (SchemeEmptyList, SchemeEmptyList) => true,
        (OperationValue x, OperationValue y) => x.Name == y.Name,
        _ => ReferenceEquals(a, b),
    };

    /// <summary>Structural equality: strings by content, lists element by element, filters and modifiers by value.
    /// Iterative, so lists nested arbitrarily deep cannot exhaust the stack.</summary>
    public static bool Equal(SchemeValue a, SchemeValue b)
    {
        var pending = new Stack<(SchemeValue A, SchemeValue B)>();
        pending.Push((a, b));
        while (pending.Count > 0)
        {
            var (x, y) = pending.Pop();
            var same = (x, y) switch
            {
                (SchemeString s, SchemeString t) => s.Value == t.Value,
                (FilterValue f, FilterValue g) => f.Filter == g.Filter,
                (ModifierValue m, ModifierValue n) => m.Modifier == n.Modifier,
                (SchemePair p, SchemePair q) => Push(pending, p, q),
                _ => Eqv(x, y),
            };
            if (!same)
            {
                return false;
            }
        }

        return true;
    }

    private static bool Push(Stack<(SchemeValue A, SchemeValue B)> pending, SchemePair p, SchemePair q)
    {
        pending.Push((p.Cdr, q.Cdr));
        pending.Push((p.Car, q.Car));
        return true;
    }
}
