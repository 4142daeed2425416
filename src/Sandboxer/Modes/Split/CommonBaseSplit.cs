using Sandboxer.Analysis.Diff;
using Sandboxer.Sbpl.Engine;
using Sandboxer.Sbpl.Evaluation;

namespace Sandboxer.Modes.Split;

/// <summary>
/// The result of <see cref="CommonBaseSplitter.Split"/>: the base profile's text and each mode profile's new text,
/// already proven to decide every access exactly as before. Nothing is written yet; after writing,
/// <see cref="CheckWritten"/> repeats the proof on the files themselves (the real import).
/// </summary>
public sealed class CommonBaseSplit
{
    private readonly IReadOnlyList<IReadOnlyDictionary<string, string>> _assignments;
    private readonly IReadOnlyList<PolicyEngine[]> _originals;

    internal CommonBaseSplit(
        string basePath,
        string baseText,
        IReadOnlyList<SplitProfile> profiles,
        int movedRules,
        IReadOnlyList<SharedRuleKept> kept,
        bool replacesEarlierSplit,
        IReadOnlyList<IReadOnlyDictionary<string, string>> assignments,
        IReadOnlyList<PolicyEngine[]> originals)
    {
        BasePath = basePath;
        BaseText = baseText;
        Profiles = profiles;
        MovedRules = movedRules;
        Kept = kept;
        ReplacesEarlierSplit = replacesEarlierSplit;
        _assignments = assignments;
        _originals = originals;
    }

    public string BasePath { get; }

    /// <summary>The base profile: the shared rules, without <c>(version 1)</c> (it is only ever imported).</summary>
    public string BaseText { get; }

    /// <summary>The mode profiles in the order given.</summary>
    public IReadOnlyList<SplitProfile> Profiles { get; }

    /// <summary>How many rules (one operation with one filter) moved to the base.</summary>
    public int MovedRules { get; }

    /// <summary>Rules every mode has that stay in the mode profiles because moving them could change a decision.</summary>
    public IReadOnlyList<SharedRuleKept> Kept { get; }

    /// <summary>True when some mode profile imported the base already (an earlier split, read back in).</summary>
    public bool ReplacesEarlierSplit { get; }

    /// <summary>False when there is nothing to write: no shared rule can move and no profile imported the base before.</summary>
    public bool HasChanges => MovedRules > 0 || ReplacesEarlierSplit;

    /// <summary>How many parameter assignments every profile was compared under.</summary>
    public int Assignments => _assignments.Count;

    /// <summary>
    /// Loads each written mode profile with <paramref name="load"/> (its import now reads the written base) under
    /// every parameter assignment and compares its decisions with the original's. Returns the problems (none when
    /// the files decide exactly as the originals did).
    /// </summary>
    public IReadOnlyList<string> CheckWritten(Func<string, IReadOnlyDictionary<string, string>, LoadResult> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        var problems = new List<string>();
        for (var i = 0; i < Profiles.Count; i++)
        {
            for (var k = 0; k < _assignments.Count; k++)
            {
                var loaded = load(Profiles[i].Path, _assignments[k]);
                if (loaded.Diagnostics.FirstOrDefault(d => d.IsError) is { } error)
                {
                    problems.Add($"{Profiles[i].Path}: {error}");
                    break;
                }

                var differences = ProfileDiff.Compare(_originals[i][k], PolicyEngine.Compile(loaded.Profile)).Differences;
                if (differences.Count > 0)
                {
                    var difference = differences[0];
                    problems.Add($"{Profiles[i].Path}: {difference.Operation} {difference.Target} is now {difference.InB.Action.ToString().ToLowerInvariant()} (was {difference.InA.Action.ToString().ToLowerInvariant()})");
                    break;
                }
            }
        }

        return problems;
    }
}
