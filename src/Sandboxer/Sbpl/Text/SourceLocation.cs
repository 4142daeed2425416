namespace Sandboxer.Sbpl.Text;

/// <summary>Where something is in a file: path, span and the 1-based start and end positions.</summary>
public sealed record SourceLocation(string Path, TextSpan Span, LinePosition Start, LinePosition End)
{
    public override string ToString() => $"{Path}:{Start.Line}:{Start.Column}";
}
