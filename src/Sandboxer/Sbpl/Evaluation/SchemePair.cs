using System.Text;

namespace Sandboxer.Sbpl.Evaluation;

/// <summary>An immutable cons cell. Lists are chains of pairs ending in <see cref="SchemeEmptyList"/>.</summary>
internal sealed class SchemePair(SchemeValue car, SchemeValue cdr) : SchemeValue
{
    public SchemeValue Car { get; } = car;

    public SchemeValue Cdr { get; } = cdr;

    public override string TypeName => "list";

    public static SchemeValue FromList(IReadOnlyList<SchemeValue> items, SchemeValue? tail = null)
    {
        var result = tail ?? SchemeEmptyList.Instance;
        for (var i = items.Count - 1; i >= 0; i--)
        {
            result = new SchemePair(items[i], result);
        }

        return result;
    }

    /// <summary>The elements of a proper list, or null when <paramref name="value"/> is not one.</summary>
    public static List<SchemeValue>? ToList(SchemeValue value)
    {
        var items = new List<SchemeValue>();
        while (value is SchemePair pair)
        {
            items.Add(pair.Car);
            value = pair.Cdr;
        }

        return value is SchemeEmptyList ? items : null;
    }

    public override string Display() => Display(0);

    private string Display(int nesting)
    {
        if (nesting > 16)
        {
            return "(…)";
        }

        var builder = new StringBuilder("(");
        SchemeValue current = this;
        var first = true;
        var count = 0;
        while (current is SchemePair pair)
        {
            if (!first)
            {
                builder.Append(' ');
            }

            if (++count > 64 || builder.Length > 400)
            {
                builder.Append('…');
                return builder.Append(')').ToString();
            }

            builder.Append(pair.Car is SchemePair inner ? inner.Display(nesting + 1) : pair.Car.Display());
            first = false;
            current = pair.Cdr;
        }

        if (current is not SchemeEmptyList)
        {
            builder.Append(" . ").Append(current.Display());
        }

        return builder.Append(')').ToString();
    }
}
