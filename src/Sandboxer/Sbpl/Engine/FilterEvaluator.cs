using System.Collections.Concurrent;
using Sandboxer.Events;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Sbpl.Engine;

/// <summary>
/// Evaluates one filter against a request in three-valued logic. <c>require-all</c> is false if any part is false,
/// else unknown if any part is unknown; <c>require-any</c> is true if any part is true, else unknown if any is;
/// <c>require-not</c> keeps unknown. A filter on a kind of target the request does not carry is false when the
/// request names some other target (a path filter never matches a TCP connect) and unknown when it names none.
/// </summary>
internal sealed class FilterEvaluator
{
    private readonly IReadOnlyDictionary<string, RegexTranslation> _regexes;
    private readonly ConcurrentDictionary<Filter, UnknownCause> _fixedCauses = new(ReferenceEqualityComparer.Instance);

    public FilterEvaluator(IReadOnlyDictionary<string, RegexTranslation> regexes) => _regexes = regexes;

    /// <summary>Evaluates <paramref name="filter"/>; on <see cref="Truth.Unknown"/>, <paramref name="cause"/> says why.</summary>
    public Truth Evaluate(Filter filter, AccessRequest request, string canonicalOperation, ref UnknownCause? cause)
    {
        switch (filter)
        {
            case PathFilter path:
                return EvaluatePath(path, request, ref cause);
            case NameFilter name:
                return EvaluateName(name, request, canonicalOperation, ref cause);
            case NetworkFilter network:
                return EvaluateNetwork(network, request, ref cause);
            case AttributeFilter attribute:
                return EvaluateAttribute(attribute, request, ref cause);
            case RequireAll all:
            {
                var result = Truth.True;
                foreach (var part in all.Filters)
                {
                    var truth = Evaluate(part, request, canonicalOperation, ref cause);
                    if (truth == Truth.False)
                    {
                        return Truth.False;
                    }

                    if (truth == Truth.Unknown)
                    {
                        result = Truth.Unknown;
                    }
                }

                return result;
            }

            case RequireAny any:
            {
                var result = Truth.False;
                foreach (var part in any.Filters)
                {
                    var truth = Evaluate(part, request, canonicalOperation, ref cause);
                    if (truth == Truth.True)
                    {
                        return Truth.True;
                    }

                    if (truth == Truth.Unknown)
                    {
                        result = Truth.Unknown;
                    }
                }

                return result;
            }

            case RequireNot not:
                return Evaluate(not.Filter, request, canonicalOperation, ref cause) switch
                {
                    Truth.True => Truth.False,
                    Truth.False => Truth.True,
                    _ => Truth.Unknown,
                };
            default:
                cause ??= Fixed(filter, UncertaintyKind.UnsupportedConstruct, string.Empty, static (f, _) => $"the engine does not know the filter {f.GetType().Name}");
                return Truth.Unknown;
        }
    }

    /// <summary>The cause of an unknown that depends only on the filter, built once.</summary>
    private UnknownCause Fixed(Filter filter, UncertaintyKind kind, string detail, Func<Filter, string, string> message) =>
        _fixedCauses.TryGetValue(filter, out var cause) ? cause
        : _fixedCauses.GetOrAdd(filter, new UnknownCause(kind, message(filter, detail), isShared: true));

    /// <summary>The regex for a pattern, as compiled when the engine was built.</summary>
    public RegexTranslation Regex(string pattern) =>
        _regexes.TryGetValue(pattern, out var translation) ? translation : AppleMatchRegex.Translate(pattern);

    /// <summary>The outcome when a request carries no value of the kind a filter tests.</summary>
    private Truth Missing(AccessRequest request, Filter filter, string what, ref UnknownCause? cause)
    {
        if (request.HasTarget)
        {
            return Truth.False;
        }

        cause ??= Fixed(filter, UncertaintyKind.UnknownAttribute, what, static (f, w) => $"{FilterText.Format(f)}: the request has no {w}");
        return Truth.Unknown;
    }

    private Truth EvaluatePath(PathFilter filter, AccessRequest request, ref UnknownCause? cause)
    {
        if (request.Path is not { } path)
        {
            return Missing(request, filter, "path", ref cause);
        }

        if (filter.Match != PathMatch.Regex)
        {
            return PathMatching.Matches(filter.Match, filter.Pattern, path) ? Truth.True : Truth.False;
        }

        return MatchRegex(filter, filter.Pattern, path, ref cause);
    }

    private Truth MatchRegex(Filter filter, string pattern, string value, ref UnknownCause? cause)
    {
        var translation = Regex(pattern);
        if (translation.IsSupported)
        {
            return translation.IsMatch(value) ? Truth.True : Truth.False;
        }

        cause ??= Fixed(filter, UncertaintyKind.UnsupportedConstruct, translation.Error ?? string.Empty, static (f, e) => $"{FilterText.Format(f)}: unsupported regex ({e})");
        return Truth.Unknown;
    }

    private Truth EvaluateName(NameFilter filter, AccessRequest request, string operation, ref UnknownCause? cause)
    {
        if (!NameKinds.IsTargetName(filter.Kind))
        {
            return EvaluateNamedAttribute(filter, request, ref cause);
        }

        if (request.Name is not { } name)
        {
            return Missing(request, filter, "name", ref cause);
        }

        var kind = NameKinds.Classify(operation, filter.Kind);
        if (kind == NameKindMatch.Foreign)
        {
            return Truth.False;
        }

        var matches = filter.Match switch
        {
            NameMatch.Exact => string.Equals(name, filter.Value, StringComparison.Ordinal) ? Truth.True : Truth.False,
            NameMatch.Prefix => name.StartsWith(filter.Value, StringComparison.Ordinal) ? Truth.True : Truth.False,
            _ => MatchRegex(filter, filter.Value, name, ref cause),
        };
        if (matches != Truth.True || kind == NameKindMatch.Exact)
        {
            return matches;
        }

        cause ??= kind == NameKindMatch.Ambiguous
            ? new UnknownCause(UncertaintyKind.UnknownAttribute, $"{FilterText.Format(filter)}: the request does not say whether {name} is a {filter.Kind}")
            : new UnknownCause(UncertaintyKind.UnsupportedConstruct, $"{FilterText.Format(filter)}: the engine does not know which names {filter.Kind} tests for {operation}");
        return Truth.Unknown;
    }

    private Truth EvaluateNamedAttribute(NameFilter filter, AccessRequest request, ref UnknownCause? cause)
    {
        if (request.Attributes is null || !request.Attributes.TryGetValue(filter.Kind, out var possible) || possible.Count == 0)
        {
            cause ??= Fixed(filter, UncertaintyKind.UnknownAttribute, filter.Kind, static (f, k) => $"{FilterText.Format(f)}: the request does not say its {k}");
            return Truth.Unknown;
        }

        var matching = 0;
        foreach (var value in possible)
        {
            var truth = filter.Match switch
            {
                NameMatch.Exact => string.Equals(value, filter.Value, StringComparison.Ordinal) ? Truth.True : Truth.False,
                NameMatch.Prefix => value.StartsWith(filter.Value, StringComparison.Ordinal) ? Truth.True : Truth.False,
                _ => MatchRegex(filter, filter.Value, value, ref cause),
            };
            if (truth == Truth.Unknown)
            {
                return Truth.Unknown;
            }

            matching += truth == Truth.True ? 1 : 0;
        }

        if (matching == 0 || matching == possible.Count)
        {
            return matching == 0 ? Truth.False : Truth.True;
        }

        cause ??= new UnknownCause(UncertaintyKind.UnknownAttribute, $"{FilterText.Format(filter)}: the request's {filter.Kind} is one of {string.Join(", ", possible)}");
        return Truth.Unknown;
    }

    private Truth EvaluateNetwork(NetworkFilter filter, AccessRequest request, ref UnknownCause? cause)
    {
        if (filter.Protocol == NetworkProtocol.Unix)
        {
            return request.Path is not null ? Truth.True : Missing(request, filter, "unix socket path", ref cause);
        }

        var endpoint = filter.Side == NetworkSide.Local ? request.Local : request.Remote;
        if (endpoint is null)
        {
            return Missing(request, filter, filter.Side == NetworkSide.Local ? "local address" : "remote address", ref cause);
        }

        var result = Truth.True;
        Combine(ref result, MatchTransport(filter.Protocol, endpoint));
        Combine(ref result, MatchFamily(filter.Protocol, endpoint));
        Combine(ref result, filter.Host switch
        {
            NetworkHost.Any => Truth.True,
            _ when endpoint.IsLoopback => Truth.True,
            _ when endpoint.Host == "*" => Truth.Unknown,
            _ => Truth.False,
        });
        Combine(ref result, filter.Port is not { } port ? Truth.True
            : endpoint.Port is not { } actual ? Truth.Unknown
            : actual == port ? Truth.True : Truth.False);
        if (result == Truth.Unknown)
        {
            cause ??= new UnknownCause(UncertaintyKind.UnknownAttribute, $"{FilterText.Format(filter)}: the request's address {endpoint} leaves the protocol, host or port open");
        }

        return result;
    }

    private static void Combine(ref Truth result, Truth part)
    {
        if (part == Truth.False || result == Truth.False)
        {
            result = Truth.False;
        }
        else if (part == Truth.Unknown)
        {
            result = Truth.Unknown;
        }
    }

    private static Truth MatchTransport(NetworkProtocol protocol, NetworkEndpoint endpoint)
    {
        var wanted = protocol switch
        {
            NetworkProtocol.Tcp or NetworkProtocol.Tcp4 or NetworkProtocol.Tcp6 => "tcp",
            NetworkProtocol.Udp or NetworkProtocol.Udp4 or NetworkProtocol.Udp6 => "udp",
            _ => null,
        };
        if (wanted is null)
        {
            return Truth.True;
        }

        var actual = endpoint.Protocol.ToLowerInvariant();
        if (actual.StartsWith("tcp", StringComparison.Ordinal) || actual.StartsWith("udp", StringComparison.Ordinal))
        {
            return actual.StartsWith(wanted, StringComparison.Ordinal) ? Truth.True : Truth.False;
        }

        return Truth.Unknown;
    }

    private static Truth MatchFamily(NetworkProtocol protocol, NetworkEndpoint endpoint)
    {
        int? wanted = protocol switch
        {
            NetworkProtocol.Ip4 or NetworkProtocol.Tcp4 or NetworkProtocol.Udp4 => 4,
            NetworkProtocol.Ip6 or NetworkProtocol.Tcp6 or NetworkProtocol.Udp6 => 6,
            _ => null,
        };
        if (wanted is null)
        {
            return Truth.True;
        }

        var actual = endpoint.Protocol.EndsWith('4') ? 4 : endpoint.Protocol.EndsWith('6') ? 6 : endpoint.AddressFamily;
        if (actual is null && endpoint.Host == "localhost")
        {
            return Truth.Unknown;
        }

        return actual is null ? Truth.Unknown : actual == wanted ? Truth.True : Truth.False;
    }

    private Truth EvaluateAttribute(AttributeFilter filter, AccessRequest request, ref UnknownCause? cause)
    {
        if (request.Attributes is null || !request.Attributes.TryGetValue(filter.Name, out var possible) || possible.Count == 0)
        {
            cause ??= Fixed(filter, UncertaintyKind.UnknownAttribute, filter.Name, static (f, n) => $"{FilterText.Format(f)}: the request does not say its {n}");
            return Truth.Unknown;
        }

        var matching = possible.Count(value => filter.Values.Any(wanted => AttributeEquals(filter.Name, wanted, value)));
        if (matching == possible.Count)
        {
            return Truth.True;
        }

        if (matching == 0)
        {
            return Truth.False;
        }

        cause ??= new UnknownCause(UncertaintyKind.UnknownAttribute, $"{FilterText.Format(filter)}: the request's {filter.Name} is one of {string.Join(", ", possible)}");
        return Truth.Unknown;
    }

    private static bool AttributeEquals(string name, string wanted, string actual)
    {
        if (name == "signal-number")
        {
            return SignalNames.Parse(wanted) is { } w && SignalNames.Parse(actual) is { } a ? w == a : string.Equals(wanted, actual, StringComparison.OrdinalIgnoreCase);
        }

        return string.Equals(wanted, actual, StringComparison.OrdinalIgnoreCase);
    }
}
