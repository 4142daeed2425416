using Sandboxer.Collections;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Sbpl.Evaluation;

/// <summary>Binds every filter of <see cref="FilterCatalog"/>, the network filters, the combinators and the
/// filter-building helpers as procedures that return <see cref="FilterValue"/>s.</summary>
internal static class FilterProcedures
{
    public static void Register(Interpreter interpreter)
    {
        foreach (var spec in FilterCatalog.All.Values)
        {
            interpreter.Define(new BuiltinProcedure(spec.Name, 1, -1, call => Build(call, spec)));
        }

        interpreter.Define(new BuiltinProcedure("require-all", 1, -1, call => Combine(call, filters => new RequireAll(filters))) { TakesFilters = true });
        interpreter.Define(new BuiltinProcedure("require-any", 1, -1, call => Combine(call, filters => new RequireAny(filters))) { TakesFilters = true });
        interpreter.Define(new BuiltinProcedure("require-not", 1, 1, call => Combine(call, filters => new RequireNot(filters[0]))) { TakesFilters = true });

        foreach (var (name, side) in new[] { ("local", NetworkSide.Local), ("from", NetworkSide.Local), ("remote", NetworkSide.Remote), ("to", NetworkSide.Remote) })
        {
            interpreter.Define(new BuiltinProcedure(name, 1, -1, call => Network(call, side)) { TakesFilters = true });
        }

        interpreter.Define("path-ancestors", 1, 1, PathAncestors);
        interpreter.Define("tty", 0, 0, _ => Attribute("vnode-type", "TTY"));
        interpreter.Define("debug-mode", 0, 0, _ => Attribute("system-attribute", "sandbox-debug-mode"));
        interpreter.Define("process-is-plugin", 0, 0, _ => Attribute("process-attribute", "is-plugin"));
        interpreter.Define("process-is-installer", 0, 0, _ => Attribute("process-attribute", "is-installer"));
        interpreter.Define(new BuiltinProcedure("require-entitlement", 1, 2, RequireEntitlement) { TakesFilters = true });
        interpreter.Define("entitlement-value", 1, 1, call => call[0] switch
        {
            SchemeString text => Attribute("entitlement-value", text.Value),
            SchemeBoolean flag => Attribute("entitlement-value", flag.Display()),
            _ => throw call.WrongType(0, "string or boolean"),
        });
    }

    private static FilterValue Attribute(string name, string value) => new(new AttributeFilter(name, [value]));

    private static FilterValue Build(CallContext call, FilterSpec spec)
    {
        var filters = new List<Filter>();
        var values = new List<string>();
        for (var i = 0; i < call.Count; i++)
        {
            var value = call[i];
            switch (spec.Kind)
            {
                case FilterKind.Path:
                    filters.Add(new PathFilter(spec.PathMatch, Pattern(call, spec, i)));
                    break;
                case FilterKind.Name:
                    filters.Add(new NameFilter(spec.BaseName, spec.NameMatch, Pattern(call, spec, i)));
                    break;
                case FilterKind.AttributeString:
                    values.Add(Pattern(call, spec, i));
                    break;
                case FilterKind.AttributeInteger:
                    values.Add(value switch
                    {
                        SchemeInteger number => number.Display(),
                        SchemeString named when spec.AllowedNames is null || spec.AllowedNames.Contains(named.Value) => named.Value,
                        SchemeString named => throw call.Fail(
                            EvaluationDiagnosticCodes.InvalidFilterArgument,
                            $"invalid argument `{named.Value}` to {spec.Name}; expected one of {string.Join(", ", spec.AllowedNames!.Order(StringComparer.Ordinal))}",
                            i),
                        _ => throw InvalidType(call, spec, i, "integer"),
                    });
                    break;
                default:
                    values.Add(value is SchemeBoolean flag ? flag.Display() : throw InvalidType(call, spec, i, "boolean"));
                    break;
            }
        }

        if (values.Count > 0)
        {
            return new FilterValue(new AttributeFilter(spec.BaseName, [.. values]));
        }

        return filters.Count == 1 ? new FilterValue(filters[0]) : new FilterValue(new RequireAny([.. filters]), 2);
    }

    private static string Pattern(CallContext call, FilterSpec spec, int index) =>
        call[index] is SchemeString text ? text.Value : throw InvalidType(call, spec, index, "pattern");

    /// <summary>"invalid data type of path filter; expected pattern, got boolean", or the missing parameter behind a <c>#f</c>.</summary>
    private static EvaluationException InvalidType(CallContext call, FilterSpec spec, int index, string expected)
    {
        var value = call[index];
        if (value is SchemeBoolean { MissingParameter: { } key })
        {
            return Errors.MissingParameter(key, $"the {spec.BaseName} filter needs a {expected}, got #f", call.LocationOf(index));
        }

        return new EvaluationException(
            EvaluationDiagnosticCodes.WrongType,
            $"invalid data type of {spec.BaseName} filter; expected {expected}, got {value.TypeName}",
            call.LocationOf(index));
    }

    private static FilterValue Combine(CallContext call, Func<EquatableArray<Filter>, Filter> make)
    {
        var filters = new List<Filter>();
        var depth = 0;
        for (var i = 0; i < call.Count; i++)
        {
            if (call[i] is not FilterValue filter)
            {
                throw call[i] is SchemeBoolean { MissingParameter: { } key }
                    ? Errors.MissingParameter(key, $"{call.Name} needs filters, got #f", call.LocationOf(i))
                    : call.Fail(EvaluationDiagnosticCodes.WrongType, $"{call.Name}: argument {i + 1} must be a filter, got {Errors.Describe(call[i])}", i);
            }

            filters.Add(filter.Filter);
            depth = Math.Max(depth, filter.Depth);
        }

        return Nest(call, make([.. filters]), depth + 1);
    }

    /// <summary>Wraps a combined filter, refusing nesting beyond <see cref="EvaluationLimits.MaxFilterDepth"/>.</summary>
    public static FilterValue Nest(CallContext call, Filter filter, int depth)
    {
        var limit = call.Interpreter.Limits.MaxFilterDepth;
        if (depth > limit)
        {
            throw call.Fail(EvaluationDiagnosticCodes.LimitExceeded, $"filters nested deeper than {limit} levels");
        }

        return new FilterValue(filter, depth);
    }

    private static FilterValue Network(CallContext call, NetworkSide side)
    {
        var protocol = call[0] switch
        {
            SchemeSymbol { Name: "unix" } => "unix",
            SchemeString { Value: var text } => text,
            var other => throw call.Fail(
                EvaluationDiagnosticCodes.WrongType,
                $"{call.Name}: expected a protocol (ip, tcp, udp, … or unix-socket), got {Errors.Describe(other)}",
                0),
        };

        if (protocol is "unix" or "unix-socket")
        {
            // (remote unix-socket (path-literal "/p")) is the old spelling of a path filter on a socket operation.
            var paths = new List<FilterValue>();
            for (var i = 1; i < call.Count; i++)
            {
                paths.Add(call[i] as FilterValue ?? throw call.Fail(
                    EvaluationDiagnosticCodes.WrongType,
                    $"{call.Name} unix-socket: argument {i + 1} must be a path filter such as (path-literal \"/p\"), got {Errors.Describe(call[i])}",
                    i));
            }

            return paths.Count switch
            {
                0 => new FilterValue(new NetworkFilter(side, NetworkProtocol.Unix, NetworkHost.Any, null)),
                1 => paths[0],
                _ => Nest(call, new RequireAny([.. paths.Select(p => p.Filter)]), paths.Max(p => p.Depth) + 1),
            };
        }

        if (!NamedArguments.NetworkProtocols.Contains(protocol))
        {
            throw call.Fail(
                EvaluationDiagnosticCodes.InvalidFilterArgument,
                $"unknown network protocol `{protocol}`; expected ip, ip4, ip6, tcp, tcp4, tcp6, udp, udp4, udp6 or unix-socket",
                0);
        }

        var parsedProtocol = Enum.Parse<NetworkProtocol>(protocol, ignoreCase: true);
        if (call.Count > 2)
        {
            throw call.Fail(EvaluationDiagnosticCodes.WrongArgumentCount, $"{call.Name}: expected a protocol and at most one \"HOST:PORT\" address, got {call.Count} arguments");
        }

        if (call.Count == 1)
        {
            return new FilterValue(new NetworkFilter(side, parsedProtocol, NetworkHost.Any, null));
        }

        if (call[1] is not SchemeString address)
        {
            throw call[1] is SchemeBoolean { MissingParameter: { } key }
                ? Errors.MissingParameter(key, "the network address needs a \"HOST:PORT\" string, got #f", call.LocationOf(1))
                : call.Fail(EvaluationDiagnosticCodes.WrongType, $"invalid data type of {call.Name} filter; expected \"HOST:PORT\", got {call[1].TypeName}", 1);
        }

        var (host, port) = NetworkAddress.Parse(address.Value, call.LocationOf(1), call.Interpreter.Session);
        return new FilterValue(new NetworkFilter(side, parsedProtocol, host, port));
    }

    private static FilterValue PathAncestors(CallContext call)
    {
        var path = call.String(0);
        if (!path.StartsWith('/'))
        {
            throw call.Fail(EvaluationDiagnosticCodes.InvalidFilterArgument, $"path-ancestors needs an absolute path, got \"{path}\"", 0);
        }

        var trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
        var ancestors = new List<Filter>();
        for (var cut = trimmed.LastIndexOf('/'); cut >= 0; cut = cut == 0 ? -1 : trimmed.LastIndexOf('/', cut - 1))
        {
            ancestors.Add(new PathFilter(PathMatch.Literal, cut == 0 ? "/" : trimmed[..cut]));
        }

        if (trimmed == "/")
        {
            ancestors.Clear();
        }

        ancestors.Reverse();
        return new FilterValue(new RequireAny([.. ancestors]), 2);
    }

    private static FilterValue RequireEntitlement(CallContext call)
    {
        var entitlement = new AttributeFilter("require-entitlement", [call.String(0)]);
        if (call.Count == 1)
        {
            return new FilterValue(entitlement);
        }

        var value = call[1] as FilterValue ?? throw call.WrongType(1, "filter");
        return Nest(call, new RequireAll([entitlement, value.Filter]), value.Depth + 1);
    }
}
