namespace Sandboxer.Sbpl.Policy;

/// <summary>
/// A name filter such as <c>(global-name "com.apple.x")</c>, <c>(sysctl-name-prefix "kern.")</c> or
/// <c>(ipc-posix-name-regex "…")</c>. <see cref="Kind"/> is the base filter name without the
/// <c>-prefix</c>/<c>-regex</c> suffix (<c>global-name</c>, <c>local-name</c>, <c>xpc-service-name</c>,
/// <c>ipc-posix-name</c>, <c>sysctl-name</c>, <c>preference-domain</c>, <c>iokit-registry-entry-class</c>, …).
/// </summary>
public sealed record NameFilter(string Kind, NameMatch Match, string Value) : Filter;
