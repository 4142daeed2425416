namespace Sandboxer.Synthesis;

/// <summary>The <c>--network</c> choice: what network access the synthesized profile may grant.</summary>
public enum NetworkMode
{
    /// <summary>No network rules at all (everything is denied by <c>(deny default)</c>).</summary>
    None,

    /// <summary>Only what was observed towards loopback (plus local listening), nothing external.</summary>
    Localhost,

    /// <summary>What was observed: loopback by host and port, other destinations by port, DNS as the platform needs.</summary>
    Observed,

    /// <summary><c>(allow network*)</c>: no network restriction (reported as such).</summary>
    Any,
}
