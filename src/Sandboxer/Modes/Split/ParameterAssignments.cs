using System.Globalization;
using Sandboxer.Synthesis;

namespace Sandboxer.Modes.Split;

/// <summary>
/// The parameter values a split is checked under. Profiles are evaluated before the real <c>HOME</c>,
/// <c>WORKING_DIR</c> and <c>TMPDIR</c> are known, and whether two rules can meet depends on how those directories
/// sit: side by side, all the same directory, or nested in every order (the working directory inside <c>HOME</c>, or
/// <c>HOME</c> inside a working directory of <c>/</c>). A move must be safe under all of them.
/// </summary>
internal static class ParameterAssignments
{
    private const int MaxPermuted = 3;

    /// <summary>Every assigned value starts with this, so a pattern containing it was built from a parameter.</summary>
    private const string Root = "/sandboxer-split/";

    public static bool IsDerived(string pattern) => pattern.Contains(Root, StringComparison.Ordinal);

    /// <summary>
    /// Assignments of <c>HOME</c>, <c>WORKING_DIR</c> and <c>TMPDIR</c>: the parameters a wrapper passes (any other
    /// <c>(param "X")</c> is unset when a wrapper runs the profile, so it is left unset here too).
    /// </summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Standard() => For(ProfileParameters.All);

    public static IReadOnlyList<IReadOnlyDictionary<string, string>> For(IReadOnlyList<string> names)
    {
        var keys = names.Distinct(StringComparer.Ordinal).ToList();
        var result = new List<IReadOnlyDictionary<string, string>>
        {
            keys.Select((k, i) => (k, Value: string.Create(CultureInfo.InvariantCulture, $"{Root}p{i}/d"))).ToDictionary(x => x.k, x => x.Value, StringComparer.Ordinal),
            keys.ToDictionary(k => k, _ => Root + "same", StringComparer.Ordinal),
        };
        var orders = keys.Count <= MaxPermuted ? Permutations(keys) : [keys, Enumerable.Reverse(keys).ToList()];
        foreach (var order in orders)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            var path = Root + "n";
            for (var i = 0; i < order.Count; i++)
            {
                path += string.Create(CultureInfo.InvariantCulture, $"/l{i}");
                values[order[i]] = path;
            }

            result.Add(values);
        }

        return result;
    }

    private static List<List<string>> Permutations(List<string> items)
    {
        if (items.Count <= 1)
        {
            return [items];
        }

        var result = new List<List<string>>();
        for (var i = 0; i < items.Count; i++)
        {
            var rest = items.Where((_, j) => j != i).ToList();
            result.AddRange(Permutations(rest).Select(p => (List<string>)[items[i], .. p]));
        }

        return result;
    }
}
