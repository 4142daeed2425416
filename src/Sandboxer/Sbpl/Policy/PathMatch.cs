namespace Sandboxer.Sbpl.Policy;

public enum PathMatch
{
    /// <summary><c>literal</c> / <c>path</c>: exact equality with the resolved path.</summary>
    Literal,

    /// <summary><c>subpath</c>: the path itself and everything below it (path-component boundary).</summary>
    Subpath,

    /// <summary><c>prefix</c> / <c>path-prefix</c>: plain string prefix.</summary>
    Prefix,

    /// <summary><c>regex</c> / <c>path-regex</c>: unanchored POSIX-ERE-like search.</summary>
    Regex,
}
