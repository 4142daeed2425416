namespace Sandboxer.Sbpl.Text;

/// <summary>A range of characters in a source text: <see cref="Start"/> offset and <see cref="Length"/>.</summary>
public readonly record struct TextSpan(int Start, int Length)
{
    public int End => Start + Length;

    public static TextSpan FromBounds(int start, int end) => new(start, end - start);

    public bool Contains(int offset) => offset >= Start && offset < End;

    public override string ToString() => $"[{Start}..{End})";
}
