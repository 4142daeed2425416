using Sandboxer.Collections;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Tests.Support;

/// <summary>Builds evaluated profiles by hand, in the order the rules are written.</summary>
internal sealed class Rules
{
    private readonly List<Rule> _rules = [];
    private readonly List<UnresolvedImport> _imports = [];

    public static PathFilter Literal(string path) => new(PathMatch.Literal, path);

    public static PathFilter Subpath(string path) => new(PathMatch.Subpath, path);

    public static PathFilter Prefix(string path) => new(PathMatch.Prefix, path);

    public static PathFilter Regex(string pattern) => new(PathMatch.Regex, pattern);

    public static NameFilter GlobalName(string name) => new("global-name", NameMatch.Exact, name);

    public static RequireAny Any(params Filter[] filters) => new([.. filters]);

    public static RequireAll All(params Filter[] filters) => new([.. filters]);

    public static RequireNot Not(Filter filter) => new(filter);

    public static AttributeFilter Attribute(string name, params string[] values) => new(name, [.. values]);

    public Rules Allow(string operations, Filter? filter = null) => Add(RuleAction.Allow, operations, filter);

    public Rules Deny(string operations, Filter? filter = null) => Add(RuleAction.Deny, operations, filter);

    public Rules Import(string name)
    {
        _imports.Add(new UnresolvedImport(name, _rules.Count, null));
        return this;
    }

    public Rules Add(RuleAction action, string operations, Filter? filter)
    {
        var names = operations.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(OperationCatalog.Canonicalize).ToArray();
        _rules.Add(new Rule(action, [.. names], filter, EquatableArray<RuleModifier>.Empty, _rules.Count));
        return this;
    }

    public Profile Build() => new([.. _rules], [.. _imports]);
}
