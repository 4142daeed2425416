using System.Text;

namespace Sandboxer.Sbpl.Formatting;

/// <summary>Comment lines (<c>; text</c>). Line breaks in the text start new comment lines.</summary>
public sealed record SbplComment : SbplNode
{
    /// <exception cref="ArgumentException">The text contains control characters other than tab and line breaks.</exception>
    public SbplComment(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')))
        {
            throw new ArgumentException("a comment cannot contain control characters", nameof(text));
        }

        Text = text;
    }

    public string Text { get; }

    internal override void Render(StringBuilder builder)
    {
        foreach (var line in Text.ReplaceLineEndings("\n").Split('\n'))
        {
            builder.Append(line.Length == 0 ? ";" : "; " + line.TrimEnd()).Append('\n');
        }
    }
}
