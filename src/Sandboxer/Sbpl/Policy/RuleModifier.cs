using Sandboxer.Collections;

namespace Sandboxer.Sbpl.Policy;

/// <summary>
/// A <c>(with NAME ARGS…)</c> modifier of a rule, e.g. <c>report</c>, <c>no-log</c>,
/// <c>message "tag"</c>, <c>send-signal SIGKILL</c>, <c>no-sandbox</c>. Arguments are kept as text.
/// </summary>
public sealed record RuleModifier(string Name, EquatableArray<string> Arguments)
{
    public override string ToString() =>
        Arguments.IsEmpty ? $"(with {Name})" : $"(with {Name} {string.Join(' ', Arguments)})";
}
