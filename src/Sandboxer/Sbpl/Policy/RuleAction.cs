namespace Sandboxer.Sbpl.Policy;

public enum RuleAction
{
    Allow,
    Deny,
}
