using Sandboxer.Collections;

namespace Sandboxer.Sbpl.Policy;

/// <summary><c>(require-all f…)</c>: every filter must match.</summary>
public sealed record RequireAll(EquatableArray<Filter> Filters) : Filter;
