using System.Globalization;
using System.Text;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Sbpl.Engine;

/// <summary>SBPL-like text of an evaluated filter, for messages (<c>(subpath "/a")</c>, <c>(remote tcp "*:443")</c>).</summary>
internal static class FilterText
{
    public static string Format(Filter filter)
    {
        var builder = new StringBuilder();
        Append(builder, filter);
        return builder.ToString();
    }

    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => builder.Append("\\\""),
                '\\' => builder.Append(@"\\"),
                '\n' => builder.Append(@"\n"),
                '\t' => builder.Append(@"\t"),
                _ => builder.Append(c),
            };
        }

        return builder.Append('"').ToString();
    }

    public static string Protocol(NetworkProtocol protocol) => protocol switch
    {
        NetworkProtocol.Unix => "unix-socket",
        _ => protocol.ToString().ToLowerInvariant(),
    };

    private static void Append(StringBuilder builder, Filter filter)
    {
        switch (filter)
        {
            case PathFilter path:
                builder.Append('(').Append(path.Match switch
                {
                    PathMatch.Literal => "literal",
                    PathMatch.Subpath => "subpath",
                    PathMatch.Prefix => "prefix",
                    _ => "regex",
                }).Append(' ').Append(Quote(path.Pattern)).Append(')');
                break;
            case NameFilter name:
                builder.Append('(').Append(name.Kind).Append(name.Match switch
                {
                    NameMatch.Prefix => "-prefix",
                    NameMatch.Regex => "-regex",
                    _ => string.Empty,
                }).Append(' ').Append(Quote(name.Value)).Append(')');
                break;
            case NetworkFilter network:
                builder.Append('(').Append(network.Side == NetworkSide.Local ? "local" : "remote").Append(' ').Append(Protocol(network.Protocol));
                if (network.Protocol != NetworkProtocol.Unix)
                {
                    var host = network.Host == NetworkHost.Localhost ? "localhost" : "*";
                    var port = network.Port is { } p ? p.ToString(CultureInfo.InvariantCulture) : "*";
                    builder.Append(' ').Append(Quote(host + ":" + port));
                }

                builder.Append(')');
                break;
            case AttributeFilter attribute:
                builder.Append('(').Append(attribute.Name);
                foreach (var value in attribute.Values)
                {
                    builder.Append(' ').Append(value);
                }

                builder.Append(')');
                break;
            case RequireAll all:
                AppendGroup(builder, "require-all", all.Filters);
                break;
            case RequireAny any:
                AppendGroup(builder, "require-any", any.Filters);
                break;
            case RequireNot not:
                builder.Append("(require-not ");
                Append(builder, not.Filter);
                builder.Append(')');
                break;
            default:
                builder.Append(filter.GetType().Name);
                break;
        }
    }

    private static void AppendGroup(StringBuilder builder, string name, IEnumerable<Filter> filters)
    {
        builder.Append('(').Append(name);
        foreach (var filter in filters)
        {
            builder.Append(' ');
            Append(builder, filter);
        }

        builder.Append(')');
    }
}
