namespace Sandboxer.Synthesis.Grants;

/// <summary>
/// One permission the synthesizer decided to give: the operation, what it applies to, the section it belongs to,
/// the generalization step and its reason in words, and the evidence.
/// </summary>
public sealed record Grant(
    string Operation,
    GrantTarget Target,
    GrantCategory Category,
    GeneralizationStep Step,
    string Reason,
    Evidence Evidence)
{
    public bool IsSensitive => Step == GeneralizationStep.Sensitive;
}
