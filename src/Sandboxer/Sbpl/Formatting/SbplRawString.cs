using System.Text;

namespace Sandboxer.Sbpl.Formatting;

/// <summary>A <c>#"…"</c> raw string (no escapes; convenient for regexes). It cannot contain <c>"</c>.</summary>
public sealed record SbplRawString : SbplNode
{
    /// <exception cref="ArgumentException">The value contains <c>"</c>, NUL or a lone surrogate.</exception>
    public SbplRawString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('"', StringComparison.Ordinal) || !SbplString.CanQuote(value))
        {
            throw new ArgumentException("a raw string cannot contain \", NUL or a lone surrogate; use a string literal", nameof(value));
        }

        Value = value;
    }

    public string Value { get; }

    internal override void Render(StringBuilder builder) => builder.Append("#\"").Append(Value).Append('"');
}
