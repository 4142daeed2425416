namespace Sandboxer.Analysis;

/// <summary>Codes of the linter's findings (SBPL4xxx, all warnings).</summary>
public static class LintCodes
{
    /// <summary><c>(allow default)</c>: everything not denied is allowed.</summary>
    public const string AllowDefault = "SBPL4001";

    /// <summary>An unfiltered allow of a broad file or network operation.</summary>
    public const string UnfilteredBroadAllow = "SBPL4002";

    /// <summary>A rule opening <c>/</c> or a whole home directory.</summary>
    public const string RootOrHome = "SBPL4003";

    /// <summary>A path under <c>/tmp</c>, <c>/var</c> or <c>/etc</c>, which macOS resolves to <c>/private/…</c>.</summary>
    public const string SymlinkedPath = "SBPL4004";

    /// <summary>Outbound network access to any host and port.</summary>
    public const string UnrestrictedOutbound = "SBPL4005";

    /// <summary>A secret the profile lets the program read.</summary>
    public const string SecretReadable = "SBPL4006";

    /// <summary>A secret or persistence point the profile lets the program write.</summary>
    public const string SecretWritable = "SBPL4007";

    /// <summary>A literal or subpath pattern ending in <c>/</c>.</summary>
    public const string TrailingSlash = "SBPL4008";

    /// <summary>A regex written like a glob (<c>/*</c>).</summary>
    public const string GlobLikeRegex = "SBPL4009";
}
