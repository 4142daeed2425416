namespace Sandboxer.Sbpl.Syntax;

/// <summary>Reader limits. Real profiles nest about 8 levels; the limit only stops hostile input.</summary>
public sealed record SbplParseOptions
{
    public static SbplParseOptions Default { get; } = new();

    /// <summary>Deepest nesting of lists and quotes the reader builds into the tree.</summary>
    public int MaxDepth { get; init; } = 256;
}
