using Sandboxer.Collections;

namespace Sandboxer.Sbpl.Policy;

/// <summary><c>(require-any f…)</c>, and several filters written directly in a rule: any filter matches.</summary>
public sealed record RequireAny(EquatableArray<Filter> Filters) : Filter;
