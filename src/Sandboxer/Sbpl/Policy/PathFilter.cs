namespace Sandboxer.Sbpl.Policy;

/// <summary>A path filter: <c>(literal "/p")</c>, <c>(subpath "/p")</c>, <c>(prefix "/p")</c>, <c>(regex "…")</c>.</summary>
public sealed record PathFilter(PathMatch Match, string Pattern) : Filter;
