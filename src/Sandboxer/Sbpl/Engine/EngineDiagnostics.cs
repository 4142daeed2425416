namespace Sandboxer.Sbpl.Engine;

/// <summary>Diagnostic codes of the decision engine (SBPL3xxx).</summary>
internal static class EngineDiagnostics
{
    /// <summary>A regex uses a construct whose AppleMatch meaning is unknown.</summary>
    public const string UnsupportedRegex = "SBPL3001";

    /// <summary>A regex uses a construct translated by POSIX rules whose AppleMatch support is unconfirmed.</summary>
    public const string UnconfirmedRegex = "SBPL3002";
}
