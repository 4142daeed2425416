using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Sbpl.Engine;

/// <summary>One of the filters a rule's top-level <c>require-any</c> is made of, with the rule entry it belongs to.</summary>
internal readonly record struct RuleAlternative(RuleEntry Entry, Filter Filter);
