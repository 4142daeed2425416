using Sandboxer.Sbpl.Text;

namespace Sandboxer.Sbpl.Policy;

/// <summary>
/// An <c>(import "…")</c> of a system profile (e.g. <c>system.sb</c>, <c>bsd.sb</c>) that does not exist on this
/// machine. Its rules are unknown; they would have been inserted after the first <see cref="RuleIndex"/> rules, so
/// any decision they could change is reported as undecidable.
/// </summary>
public sealed record UnresolvedImport(string Name, int RuleIndex, SourceLocation? Location);
