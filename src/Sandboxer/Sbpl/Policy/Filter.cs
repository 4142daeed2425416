namespace Sandboxer.Sbpl.Policy;

/// <summary>
/// An evaluated filter of a rule. Concrete kinds: <see cref="PathFilter"/>, <see cref="NameFilter"/>,
/// <see cref="NetworkFilter"/>, <see cref="AttributeFilter"/> and the combinators <see cref="RequireAll"/>,
/// <see cref="RequireAny"/>, <see cref="RequireNot"/>.
/// </summary>
public abstract record Filter;
