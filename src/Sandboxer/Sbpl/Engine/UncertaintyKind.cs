namespace Sandboxer.Sbpl.Engine;

public enum UncertaintyKind
{
    /// <summary>A filter needs something the request does not say (file type, signal target, entitlement, …).</summary>
    UnknownAttribute,

    /// <summary>An imported profile could not be read; its rules could override the decision.</summary>
    UnresolvedImport,

    /// <summary>A construct whose macOS meaning is not known (an unsupported regex, an unknown filter).</summary>
    UnsupportedConstruct,
}
