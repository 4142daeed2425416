namespace Sandboxer.Sbpl.Policy;

public enum NameMatch
{
    Exact,
    Prefix,
    Regex,
}
