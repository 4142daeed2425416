using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Sbpl.Engine;

/// <summary>
/// Everything needed to decide requests for one operation: the filtered rules of every operation on its chain (up to
/// the first level that has an unfiltered rule or is terminal), indexed by what they test, and the fall-through
/// decision used when none of them matches.
/// </summary>
internal sealed class CompiledChain
{
    public CompiledChain(
        string operation,
        IReadOnlyList<string> levels,
        Decision fallThrough,
        PathTrie trie,
        RuleAlternative[] pathOthers,
        Dictionary<string, RuleEntry> exactNames,
        RuleAlternative[] nameOthers,
        RuleAlternative[] others,
        RuleEntry[] entries)
    {
        Operation = operation;
        Levels = levels;
        FallThrough = fallThrough;
        Trie = trie;
        PathOthers = pathOthers;
        ExactNames = exactNames;
        NameOthers = nameOthers;
        Others = others;
        Entries = entries;
    }

    /// <summary>The canonical operation requested.</summary>
    public string Operation { get; }

    /// <summary>The operations of the chain that take part, nearest first.</summary>
    public IReadOnlyList<string> Levels { get; }

    /// <summary>The decision when no filtered rule matches: an unfiltered rule's, or the built-in one.</summary>
    public Decision FallThrough { get; }

    /// <summary>Literal, subpath and prefix alternatives.</summary>
    public PathTrie Trie { get; }

    /// <summary>Path alternatives the trie cannot hold (regexes, relative patterns), by rank.</summary>
    public RuleAlternative[] PathOthers { get; }

    /// <summary>Exact names of the operation's own name kind: the best entry for each name.</summary>
    public Dictionary<string, RuleEntry> ExactNames { get; }

    /// <summary>Other name alternatives (prefixes, regexes, other kinds), by rank.</summary>
    public RuleAlternative[] NameOthers { get; }

    /// <summary>Alternatives on anything else (network, attributes, combinators), by rank.</summary>
    public RuleAlternative[] Others { get; }

    /// <summary>Every filtered rule entry, by rank, for requests that name no target.</summary>
    public RuleEntry[] Entries { get; }
}
