namespace Sandboxer.Sbpl.Policy;

/// <summary><c>(require-not f)</c>.</summary>
public sealed record RequireNot(Filter Filter) : Filter;
