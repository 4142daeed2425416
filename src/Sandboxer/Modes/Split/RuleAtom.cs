using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Modes.Split;

/// <summary>
/// The unit a split moves: one operation with one filter of a plain rule form (or the operation alone when the form
/// has no filter), or a whole rule form of another shape. Atoms with equal <see cref="Key"/> mean the same rule in
/// every profile.
/// </summary>
internal sealed class RuleAtom
{
    public RuleAtom(FormEntry entry, int operation, int filter, string key, string text, int order)
    {
        Entry = entry;
        Operation = operation;
        Filter = filter;
        Key = key;
        Text = text;
        Order = order;
    }

    public FormEntry Entry { get; }

    /// <summary>Index into the form's operations; -1 for a whole form.</summary>
    public int Operation { get; }

    /// <summary>Index into the form's filters; -1 when unfiltered or a whole form.</summary>
    public int Filter { get; }

    public bool IsWhole => Operation < 0;

    /// <summary>The same in every profile for the same rule: action, canonical operation, filter and modifiers without comments.</summary>
    public string Key { get; }

    /// <summary><see cref="Key"/> numbered by occurrence within the profile, so duplicates pair up in order.</summary>
    public string OccurrenceKey { get; set; } = string.Empty;

    /// <summary>The atom as one SBPL form (canonical text, no comments).</summary>
    public string Text { get; }

    /// <summary>Position in the profile's evaluation order.</summary>
    public int Order { get; }

    /// <summary>Why the atom cannot leave its place at all (after a form nothing moves across), or null.</summary>
    public string? Pinned { get; set; }

    /// <summary>The rules the atom evaluates to, one list per parameter assignment.</summary>
    public List<Rule>[] Rules { get; set; } = [];
}
