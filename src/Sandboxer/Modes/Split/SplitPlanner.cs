namespace Sandboxer.Modes.Split;

/// <summary>
/// Decides which shared atoms move to the base. The base is imported right after each profile's preamble, so a
/// moved atom jumps over every atom that stayed before it, and moved atoms end up in the base's order. Both are safe
/// exactly when no two rules that change places could decide the same access differently
/// (<see cref="RuleConflicts"/>), under every parameter assignment. Removing an atom from the moved set can make
/// another unsafe, so this runs to a fixed point.
/// </summary>
internal sealed class SplitPlanner
{
    private readonly IReadOnlyList<ModeLayout> _modes;
    private readonly Dictionary<string, string> _reasons = new(StringComparer.Ordinal);

    public SplitPlanner(IReadOnlyList<ModeLayout> modes)
    {
        _modes = modes;
    }

    /// <summary>Occurrence keys shared by every mode that were not moved, with the reason.</summary>
    public IReadOnlyDictionary<string, string> Reasons => _reasons;

    /// <summary>The occurrence keys present in every profile.</summary>
    public HashSet<string> Shared()
    {
        var shared = _modes[0].Atoms.Select(a => a.OccurrenceKey).ToHashSet(StringComparer.Ordinal);
        foreach (var mode in _modes.Skip(1))
        {
            shared.IntersectWith(mode.Atoms.Select(a => a.OccurrenceKey));
        }

        return shared;
    }

    /// <summary>Shrinks <paramref name="moved"/> until every remaining move is safe in every profile.</summary>
    public void Settle(HashSet<string> moved)
    {
        foreach (var mode in _modes)
        {
            foreach (var atom in mode.Atoms.Where(a => a.Pinned is not null && moved.Contains(a.OccurrenceKey)))
            {
                Keep(moved, atom, $"{mode.FileName}: {atom.Pinned}");
            }
        }

        bool changed;
        do
        {
            changed = RemoveJumps(moved) | RemoveReorderings(moved);
        }
        while (changed);
    }

    /// <summary>Removes from <paramref name="moved"/> the keys, and records why.</summary>
    public void Keep(HashSet<string> moved, RuleAtom atom, string reason)
    {
        if (moved.Remove(atom.OccurrenceKey))
        {
            _reasons[atom.OccurrenceKey] = reason;
        }
    }

    public static bool Conflict(RuleAtom a, RuleAtom b)
    {
        for (var k = 0; k < a.Rules.Length; k++)
        {
            foreach (var x in a.Rules[k])
            {
                foreach (var y in b.Rules[k])
                {
                    if (RuleConflicts.CanSwapChangeDecision(x, y))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    // A moved atom jumps over every atom before it that stays.
    private bool RemoveJumps(HashSet<string> moved)
    {
        var changed = false;
        foreach (var mode in _modes)
        {
            var staying = new List<RuleAtom>();
            foreach (var atom in mode.Atoms)
            {
                if (!moved.Contains(atom.OccurrenceKey))
                {
                    staying.Add(atom);
                    continue;
                }

                if (staying.FirstOrDefault(s => Conflict(atom, s)) is { } blocker)
                {
                    Keep(moved, atom, $"{mode.FileName}: an earlier rule that stays there may decide the same accesses differently: {blocker.Text}");
                    staying.Add(atom);
                    changed = true;
                }
            }
        }

        return changed;
    }

    // The base lists moved atoms in the first profile's order; another profile must not have two that conflict the other way round.
    private bool RemoveReorderings(HashSet<string> moved)
    {
        var order = _modes[0].Atoms.Where(a => moved.Contains(a.OccurrenceKey)).Select(a => a.OccurrenceKey).ToList();
        foreach (var mode in _modes.Skip(1))
        {
            var atoms = mode.Atoms.Where(a => moved.Contains(a.OccurrenceKey)).ToDictionary(a => a.OccurrenceKey, StringComparer.Ordinal);
            for (var i = 0; i < order.Count; i++)
            {
                for (var j = i + 1; j < order.Count; j++)
                {
                    var first = atoms[order[i]];
                    var second = atoms[order[j]];
                    if (second.Order < first.Order && Conflict(first, second))
                    {
                        Keep(moved, second, $"{mode.FileName} has it before {first.Text}, {_modes[0].FileName} after, and the order matters");
                        return true;
                    }
                }
            }
        }

        return false;
    }
}
