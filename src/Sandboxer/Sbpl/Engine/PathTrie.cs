using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Sbpl.Engine;

/// <summary>
/// The literal, subpath and prefix patterns of one compiled operation chain in a trie of path components, so that a
/// path is matched against all of them in one walk: one dictionary lookup per component of the path. Each node keeps
/// the best-ranked literal and subpath rule ending there and the prefix patterns whose last component is partial.
/// </summary>
internal sealed class PathTrie
{
    private readonly Node _root = new();

    /// <summary>Adds a pattern; false when it is not an absolute pattern the trie can hold.</summary>
    public bool Add(PathMatch match, string pattern, RuleEntry entry)
    {
        switch (match)
        {
            case PathMatch.Literal when pattern.StartsWith('/'):
                var literal = GetOrAdd(pattern);
                literal.Literal = Better(literal.Literal, entry);
                return true;
            case PathMatch.Subpath when pattern.StartsWith('/'):
                var subpath = GetOrAdd(PathMatching.NormalizeSubpath(pattern));
                subpath.Subpath = Better(subpath.Subpath, entry);
                return true;
            case PathMatch.Prefix:
                var cut = pattern.StartsWith('/') ? pattern.LastIndexOf('/') : 0;
                var node = GetOrAdd(pattern[..cut]);
                node.AddPrefix(pattern[cut..], entry);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Adds a supported regex anchored with a literal absolute prefix: it is only run for paths that reach the prefix.
    /// False when the regex has no such prefix.
    /// </summary>
    public bool AddRegex(RegexTranslation regex, RuleEntry entry)
    {
        if (!regex.IsSupported || regex.AnchoredPrefix is not { } prefix || !prefix.StartsWith('/'))
        {
            return false;
        }

        var cut = prefix.LastIndexOf('/');
        GetOrAdd(prefix[..cut]).AddRegex(prefix[cut..], regex, entry);
        return true;
    }

    /// <summary>The best-ranked entry whose pattern matches <paramref name="path"/>, or <paramref name="best"/>.</summary>
    public RuleEntry? FindBest(string path, RuleEntry? best)
    {
        var node = _root;
        var position = 0;
        best = node.Check(path, position, isRoot: true, best);
        while (position < path.Length && path[position] == '/')
        {
            var next = path.IndexOf('/', position + 1);
            var end = next < 0 ? path.Length : next;
            var child = node.Find(path.AsSpan(position + 1, end - position - 1));
            if (child is null)
            {
                break;
            }

            node = child;
            position = end;
            best = node.Check(path, position, isRoot: false, best);
        }

        return best;
    }

    private static RuleEntry Better(RuleEntry? current, RuleEntry candidate) =>
        current is null || candidate.Rank < current.Rank ? candidate : current;

    private Node GetOrAdd(string text)
    {
        var node = _root;
        if (text.Length == 0)
        {
            return node;
        }

        foreach (var component in text[1..].Split('/'))
        {
            node = node.GetOrAddChild(component);
        }

        return node;
    }

    private sealed class Node
    {
        // Few children: parallel arrays compared by length then content; many: a dictionary searched by span.
        private const int ArrayLimit = 8;
        private string[] _names = [];
        private Node[] _nodes = [];
        private Dictionary<string, Node>? _children;
        private Dictionary<string, Node>.AlternateLookup<ReadOnlySpan<char>> _lookup;
        private (string Remainder, RuleEntry Entry)[] _prefixes = [];
        private (string Remainder, RegexTranslation Regex, RuleEntry Entry)[] _regexes = [];

        public RuleEntry? Literal { get; set; }

        public RuleEntry? Subpath { get; set; }

        public Node GetOrAddChild(string name)
        {
            if (Find(name) is { } existing)
            {
                return existing;
            }

            var child = new Node();
            if (_children is not null)
            {
                _children[name] = child;
            }
            else if (_names.Length < ArrayLimit)
            {
                _names = [.. _names, name];
                _nodes = [.. _nodes, child];
            }
            else
            {
                _children = new Dictionary<string, Node>(StringComparer.Ordinal);
                for (var i = 0; i < _names.Length; i++)
                {
                    _children[_names[i]] = _nodes[i];
                }

                _children[name] = child;
                _lookup = _children.GetAlternateLookup<ReadOnlySpan<char>>();
                _names = [];
                _nodes = [];
            }

            return child;
        }

        public Node? Find(ReadOnlySpan<char> name)
        {
            if (_children is not null)
            {
                return _lookup.TryGetValue(name, out var child) ? child : null;
            }

            var names = _names;
            for (var i = 0; i < names.Length; i++)
            {
                if (names[i].Length == name.Length && name.SequenceEqual(names[i]))
                {
                    return _nodes[i];
                }
            }

            return null;
        }

        public void AddPrefix(string remainder, RuleEntry entry)
        {
            for (var i = 0; i < _prefixes.Length; i++)
            {
                if (string.Equals(_prefixes[i].Remainder, remainder, StringComparison.Ordinal))
                {
                    _prefixes[i].Entry = Better(_prefixes[i].Entry, entry);
                    return;
                }
            }

            _prefixes = [.. _prefixes, (remainder, entry)];
        }

        public void AddRegex(string remainder, RegexTranslation regex, RuleEntry entry) =>
            _regexes = [.. _regexes, (remainder, regex, entry)];

        public RuleEntry? Check(string path, int position, bool isRoot, RuleEntry? best)
        {
            if (Literal is { } literal && position == path.Length && (best is null || literal.Rank < best.Rank))
            {
                best = literal;
            }

            // Nodes below the root are only reached on a component boundary; the root's subpath is "/".
            if (Subpath is { } subpath && (!isRoot || path.StartsWith('/')) && (best is null || subpath.Rank < best.Rank))
            {
                best = subpath;
            }

            foreach (var (remainder, entry) in _prefixes)
            {
                if ((best is null || entry.Rank < best.Rank) && path.AsSpan(position).StartsWith(remainder, StringComparison.Ordinal))
                {
                    best = entry;
                }
            }

            foreach (var (remainder, regex, entry) in _regexes)
            {
                if ((best is null || entry.Rank < best.Rank) && path.AsSpan(position).StartsWith(remainder, StringComparison.Ordinal) && regex.IsMatch(path))
                {
                    best = entry;
                }
            }

            return best;
        }
    }
}
