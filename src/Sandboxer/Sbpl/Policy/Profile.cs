using Sandboxer.Collections;

namespace Sandboxer.Sbpl.Policy;

/// <summary>
/// An evaluated profile: its rules in evaluation order plus the imports whose rules could not be known.
/// This is the model the decision engine, the printer, the linter and the Landlock compiler work on.
/// </summary>
public sealed record Profile(
    EquatableArray<Rule> Rules,
    EquatableArray<UnresolvedImport> UnresolvedImports)
{
    public static Profile Empty { get; } = new(EquatableArray<Rule>.Empty, EquatableArray<UnresolvedImport>.Empty);

    public Profile(IEnumerable<Rule> rules)
        : this([.. rules], EquatableArray<UnresolvedImport>.Empty)
    {
    }
}
