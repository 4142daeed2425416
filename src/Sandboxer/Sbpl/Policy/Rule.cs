using Sandboxer.Collections;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Sbpl.Policy;

/// <summary>
/// One evaluated <c>(allow …)</c> or <c>(deny …)</c> rule.
/// </summary>
/// <param name="Action">Allow or deny.</param>
/// <param name="Operations">Canonical operation names (aliases resolved), in the order written.</param>
/// <param name="Filter">
/// The filter; <see langword="null"/> when the rule is unfiltered. Several filters written directly in a rule
/// are one <see cref="RequireAny"/>.
/// </param>
/// <param name="Modifiers">The <c>(with …)</c> modifiers.</param>
/// <param name="Index">Position of the rule in evaluation order across the whole profile (0-based).</param>
/// <param name="Location">Where the rule form is, or <see langword="null"/> for generated rules not yet printed.</param>
/// <param name="Text">The source text of the rule form when it came from a file.</param>
public sealed record Rule(
    RuleAction Action,
    EquatableArray<string> Operations,
    Filter? Filter,
    EquatableArray<RuleModifier> Modifiers,
    int Index,
    SourceLocation? Location = null,
    string? Text = null)
{
    public bool IsFiltered => Filter is not null;
}
