using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Sbpl.Evaluation;

/// <summary>An evaluated <c>(with …)</c> modifier. Deprecated modifiers are accepted but <see cref="IsIgnored"/>.</summary>
internal sealed class ModifierValue(RuleModifier modifier, bool isIgnored = false) : SchemeValue
{
    public RuleModifier Modifier { get; } = modifier;

    public bool IsIgnored { get; } = isIgnored;

    public override string TypeName => "modifier";

    public override string Display() => Modifier.ToString();
}
