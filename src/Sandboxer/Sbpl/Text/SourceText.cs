namespace Sandboxer.Sbpl.Text;

/// <summary>
/// The text of one source file together with its name; maps offsets to 1-based line and column.
/// </summary>
public sealed class SourceText
{
    private int[]? _lineStarts;

    public SourceText(string text, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(path);
        Text = text;
        Path = path;
    }

    /// <summary>The file path as the user should see it (absolute when it came from disk).</summary>
    public string Path { get; }

    public string Text { get; }

    public int Length => Text.Length;

    public static SourceText FromFile(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        return new SourceText(File.ReadAllText(full), full);
    }

    public LinePosition GetLinePosition(int offset)
    {
        var starts = LineStarts;
        offset = Math.Clamp(offset, 0, Text.Length);
        var line = Array.BinarySearch(starts, offset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return new LinePosition(line + 1, offset - starts[line] + 1);
    }

    public SourceLocation GetLocation(TextSpan span) =>
        new(Path, span, GetLinePosition(span.Start), GetLinePosition(span.End));

    public string Slice(TextSpan span) => Text.Substring(span.Start, span.Length);

    /// <summary>The text of the 1-based <paramref name="line"/>, without its line break.</summary>
    public string GetLineText(int line)
    {
        var starts = LineStarts;
        if (line < 1 || line > starts.Length)
        {
            return string.Empty;
        }

        var start = starts[line - 1];
        var end = line < starts.Length ? starts[line] : Text.Length;
        return Text[start..end].TrimEnd('\n', '\r');
    }

    private int[] LineStarts => _lineStarts ??= ComputeLineStarts(Text);

    private static int[] ComputeLineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        return [.. starts];
    }
}
