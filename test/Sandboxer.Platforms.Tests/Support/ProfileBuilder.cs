using Sandboxer.Collections;
using Sandboxer.Sbpl.Policy;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Platforms.Tests.Support;

/// <summary>Builds evaluated profiles by hand, in the order the rules are written; each rule gets a location on its own line.</summary>
internal sealed class ProfileBuilder
{
    private readonly List<Rule> _rules = [];

    public static PathFilter Literal(string path) => new(PathMatch.Literal, path);

    public static PathFilter Subpath(string path) => new(PathMatch.Subpath, path);

    public static PathFilter Prefix(string path) => new(PathMatch.Prefix, path);

    public static PathFilter Regex(string pattern) => new(PathMatch.Regex, pattern);

    public static NetworkFilter Remote(NetworkProtocol protocol, NetworkHost host, int? port) => new(NetworkSide.Remote, protocol, host, port);

    public static NetworkFilter Local(NetworkProtocol protocol, NetworkHost host, int? port) => new(NetworkSide.Local, protocol, host, port);

    public static RequireAny Any(params Filter[] filters) => new([.. filters]);

    public static RequireAll All(params Filter[] filters) => new([.. filters]);

    public static RequireNot Not(Filter filter) => new(filter);

    public ProfileBuilder Allow(string operations, Filter? filter = null) => Add(RuleAction.Allow, operations, filter);

    public ProfileBuilder Deny(string operations, Filter? filter = null) => Add(RuleAction.Deny, operations, filter);

    /// <summary>What every program needs to start: the loader, libc and the rest of /usr, the loader cache, /dev/null.</summary>
    public ProfileBuilder RuntimeBasics() => this
        .Allow("file-read* process-exec", Subpath("/usr"))
        .Allow("file-read*", Literal("/etc/ld.so.cache"))
        .Allow("file-read* file-write-data", Literal("/dev/null"));

    public ProfileBuilder Add(RuleAction action, string operations, Filter? filter)
    {
        var names = operations.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(OperationCatalog.Canonicalize).ToArray();
        var line = _rules.Count + 1;
        var location = new SourceLocation("/test/profile.sb", new TextSpan(0, 1), new LinePosition(line, 1), new LinePosition(line, 2));
        var text = $"({(action == RuleAction.Allow ? "allow" : "deny")} {operations}{(filter is null ? string.Empty : " " + filter)})";
        _rules.Add(new Rule(action, [.. names], filter, EquatableArray<RuleModifier>.Empty, _rules.Count, location, text));
        return this;
    }

    public Profile Build() => new([.. _rules], EquatableArray<UnresolvedImport>.Empty);
}
