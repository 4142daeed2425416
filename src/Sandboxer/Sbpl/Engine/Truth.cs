namespace Sandboxer.Sbpl.Engine;

/// <summary>Three-valued outcome of a filter: it matches, it does not, or the request cannot tell.</summary>
internal enum Truth
{
    False,
    True,
    Unknown,
}
