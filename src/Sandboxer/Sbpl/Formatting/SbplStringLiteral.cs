using System.Text;

namespace Sandboxer.Sbpl.Formatting;

/// <summary>A <c>"…"</c> string, escaped with <see cref="SbplString.Quote"/>: any text that can be a string is
/// written so it reads back exactly, and nothing in it can end the string or start a form.</summary>
public sealed record SbplStringLiteral : SbplNode
{
    /// <exception cref="ArgumentException">The value contains NUL or a lone surrogate.</exception>
    public SbplStringLiteral(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Quoted = SbplString.Quote(value);
        Value = value;
    }

    public string Value { get; }

    private string Quoted { get; }

    internal override void Render(StringBuilder builder) => builder.Append(Quoted);
}
