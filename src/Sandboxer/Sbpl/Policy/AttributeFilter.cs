using Sandboxer.Collections;

namespace Sandboxer.Sbpl.Policy;

/// <summary>
/// A filter on a named attribute of the request, matching when the request's attribute equals one of
/// <see cref="Values"/>: <c>(vnode-type REGULAR-FILE)</c>, <c>(target self)</c>, <c>(signal-number SIGKILL)</c>,
/// <c>(socket-domain AF_INET)</c>, <c>(ioctl-command …)</c>, <c>(extension "…")</c>, entitlement and
/// signing filters, and any other filter the engine has no dedicated model for. When a request does not carry
/// the attribute the filter's outcome is unknown and the engine reports the decision as undecidable.
/// </summary>
public sealed record AttributeFilter(string Name, EquatableArray<string> Values) : Filter;
