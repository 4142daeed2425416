using System.Globalization;
using Sandboxer.Events;
using Sandboxer.Sbpl.Engine;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Platforms.Linux.Landlock.Compilation;

/// <summary>
/// Compiles the profile's network rules. Landlock filters TCP ports only, so hosts are enforced with a loopback-only
/// network namespace when the profile lets nothing leave the machine; allowed host-loopback ports are relayed into it.
/// Ports are decided by the engine for every port the profile names plus one it does not name (standing for all
/// others), each against external and loopback addresses of both families.
/// </summary>
internal sealed class NetworkPlanner
{
    private static readonly string[] ExternalHosts = ["192.0.2.1", "2001:db8::1"];
    private static readonly string[] LoopbackHosts = ["127.0.0.1", "::1"];
    private static readonly string[] BindAnyHosts = ["0.0.0.0", "::"];

    private readonly ProfileOracle _oracle;
    private readonly bool _canIsolate;
    private readonly DiagnosticSet _diagnostics;

    public NetworkPlanner(ProfileOracle oracle, bool canIsolate, DiagnosticSet diagnostics)
    {
        _oracle = oracle;
        _canIsolate = canIsolate;
        _diagnostics = diagnostics;
    }

    public (LandlockNetAccess Handled, List<LandlockPortRule> Ports, NetworkIsolation Isolation, LandlockScope Scopes) Plan()
    {
        var mentioned = _oracle.Profile.Rules
            .Where(r => r.Filter is not null)
            .SelectMany(r => NetworkLeaves(r.Filter!))
            .Select(f => f.Port)
            .OfType<int>()
            .Where(p => p is > 0 and <= 65535)
            .ToHashSet();
        var other = Enumerable.Range(1, 65535).First(p => !mentioned.Contains(p));
        var candidates = mentioned.Order().ToList();

        var externalAllowed = candidates.Append(other).Any(p => Allows("network-outbound", NetworkSide.Remote, "tcp", ExternalHosts, p)
            || Allows("network-outbound", NetworkSide.Remote, "udp", ExternalHosts, p));
        var isolate = !externalAllowed && _canIsolate;
        if (!externalAllowed && !_canIsolate)
        {
            _diagnostics.Warning(LandlockDiagnostics.NetworkHosts, null,
                "the profile allows no destination off this machine, but no loopback-only network namespace can be created here ("
                + (Namespaces.NetworkNamespace.UnavailableReason ?? "unavailable")
                + "); UDP is not enforced and TCP ports allowed on localhost only are not allowed at all (stricter)", "no-namespace");
        }

        var ports = new Dictionary<int, LandlockNetAccess>();
        var connectHandled = PlanConnect(candidates, other, isolate, ports, out var relayed);
        var bindHandled = PlanBind(candidates, other, isolate, ports);
        var inbound = isolate ? PlanInbound(candidates, ports, bindHandled) : [];

        // A port the program serves on is bound inside the namespace; an outbound relay listening there would take it.
        relayed.RemoveAll(inbound.Contains);

        var handled = (connectHandled ? LandlockNetAccess.ConnectTcp : LandlockNetAccess.None) | (bindHandled ? LandlockNetAccess.BindTcp : LandlockNetAccess.None);
        if (!isolate && !Allows("network-outbound", NetworkSide.Remote, "udp", ExternalHosts, other))
        {
            _diagnostics.Warning(LandlockDiagnostics.NotEnforced, null,
                "UDP (and raw sockets) are not enforced on Linux: Landlock filters TCP ports only, and the profile allows some external destinations, so no loopback-only namespace can be used", "udp");
        }

        var scopes = PlanScopes(isolate);
        var isolation = isolate ? NetworkIsolation.Loopback(relayed) with { InboundPorts = [.. inbound.Order()] } : NetworkIsolation.None;
        if (isolate)
        {
            _diagnostics.Info(LandlockDiagnostics.NetworkHosts, null,
                "the profile allows no destination off this machine: the program runs in its own network namespace with only a loopback interface"
                + (relayed.Count == 0 ? string.Empty : "; the host's loopback is reachable on port " + string.Join(", ", relayed.Select(p => p.ToString(CultureInfo.InvariantCulture))))
                + (inbound.Count == 0 ? string.Empty : "; the host reaches the program's port " + string.Join(", ", inbound.Order().Select(p => p.ToString(CultureInfo.InvariantCulture))) + " on its own loopback"), "namespace");
        }

        return (handled, [.. ports.OrderBy(p => p.Key).Select(p => new LandlockPortRule(p.Key, p.Value))], isolation, scopes);
    }

    private bool PlanConnect(List<int> candidates, int other, bool isolate, Dictionary<int, LandlockNetAccess> ports, out List<int> relayed)
    {
        bool Allowed(int port) => Allows("network-outbound", NetworkSide.Remote, "tcp", LoopbackHosts, port)
            && (isolate || Allows("network-outbound", NetworkSide.Remote, "tcp", ExternalHosts, port));

        relayed = isolate ? [.. candidates.Where(p => Allows("network-outbound", NetworkSide.Remote, "tcp", LoopbackHosts, p))] : [];
        if (!isolate)
        {
            var localOnly = candidates.Where(p => !Allowed(p) && Allows("network-outbound", NetworkSide.Remote, "tcp", LoopbackHosts, p)).ToList();
            if (localOnly.Count > 0)
            {
                _diagnostics.Warning(LandlockDiagnostics.NetworkHosts, null,
                    "the profile allows TCP port " + string.Join(", ", localOnly.Select(p => p.ToString(CultureInfo.InvariantCulture)))
                    + " on localhost only, but also external destinations; Linux cannot restrict the host per port (Landlock has no addresses, and a loopback-only namespace would cut the external ones), so those ports are not allowed at all (stricter)", "connect-local-only");
            }
        }

        var allowed = candidates.Where(Allowed).ToHashSet();
        if (Allowed(other))
        {
            if (allowed.Count == candidates.Count)
            {
                if (isolate)
                {
                    _diagnostics.Info(LandlockDiagnostics.NetworkHosts, null,
                        "the profile allows every localhost TCP port: inside the namespace all ports are open, but of the host's loopback only the ports the profile names are relayed", "all-localhost");
                }

                return false;
            }

            foreach (var port in Enumerable.Range(1, 65535).Where(p => !candidates.Contains(p) || allowed.Contains(p)))
            {
                ports[port] = ports.GetValueOrDefault(port) | LandlockNetAccess.ConnectTcp;
            }

            return true;
        }

        foreach (var port in allowed)
        {
            ports[port] = ports.GetValueOrDefault(port) | LandlockNetAccess.ConnectTcp;
        }

        return true;
    }

    private bool PlanBind(List<int> candidates, int other, bool isolate, Dictionary<int, LandlockNetAccess> ports)
    {
        bool Allowed(int port) => Allows("network-bind", NetworkSide.Local, "tcp", BindAnyHosts, port)
            || (isolate && Allows("network-bind", NetworkSide.Local, "tcp", LoopbackHosts, port));

        var bindCandidates = candidates.Prepend(0).ToList();
        var allowed = bindCandidates.Where(Allowed).ToHashSet();
        if (Allowed(other) && allowed.Count == bindCandidates.Count)
        {
            return false;
        }

        if (Allowed(other))
        {
            foreach (var port in Enumerable.Range(0, 65536).Where(p => !bindCandidates.Contains(p) || allowed.Contains(p)))
            {
                ports[port] = ports.GetValueOrDefault(port) | LandlockNetAccess.BindTcp;
            }

            return true;
        }

        foreach (var port in allowed)
        {
            ports[port] = ports.GetValueOrDefault(port) | LandlockNetAccess.BindTcp;
        }

        var localOnly = bindCandidates.Where(p => !allowed.Contains(p) && Allows("network-bind", NetworkSide.Local, "tcp", LoopbackHosts, p)).ToList();
        if (localOnly.Count > 0)
        {
            _diagnostics.Warning(LandlockDiagnostics.NetworkHosts, null,
                "the profile allows binding TCP port " + string.Join(", ", localOnly.Select(p => p.ToString(CultureInfo.InvariantCulture)))
                + " on localhost only; outside a loopback-only namespace Landlock cannot restrict the bind address, so binding them is not allowed (stricter)", "bind-local-only");
        }

        return true;
    }

    /// <summary>
    /// The named ports the program may bind on loopback and accept connections on: inside the namespace only the
    /// namespace could reach them, so each is relayed from the host's loopback.
    /// </summary>
    private List<int> PlanInbound(List<int> candidates, Dictionary<int, LandlockNetAccess> ports, bool bindHandled) =>
    [
        .. candidates.Where(port => port > 0
            && (!bindHandled || (ports.GetValueOrDefault(port) & LandlockNetAccess.BindTcp) != 0)
            && Allows("network-inbound", NetworkSide.Local, "tcp", LoopbackHosts, port)),
    ];

    private LandlockScope PlanScopes(bool isolate)
    {
        var scopes = LandlockScope.None;
        var unix = _oracle.DecideAnyPath("network-outbound");
        if (unix.MayBeDenied)
        {
            scopes |= LandlockScope.AbstractUnixSocket;
            _diagnostics.Warning(LandlockDiagnostics.NotEnforced, null,
                "connecting to pathname UNIX sockets is not enforced on Linux (Landlock does not check it); abstract sockets outside the sandbox are blocked"
                + (isolate ? " and the network namespace hides the host's" : string.Empty), "unix");
        }

        var others = _oracle.Engine.Decide(new AccessRequest("signal") { Attributes = Target("others") });
        if (others.MayBeDenied)
        {
            scopes |= LandlockScope.Signal;
            var within = _oracle.Engine.Decide(new AccessRequest("signal") { Attributes = Target("same-sandbox") });
            if (within.MayBeDenied)
            {
                _diagnostics.Info(LandlockDiagnostics.NotEnforced, null,
                    "signals are limited to the sandbox's own processes; which of them may signal which (self, children) is not enforced on Linux", "signals");
            }
        }

        return scopes;
    }

    private bool Allows(string operation, NetworkSide side, string protocol, string[] hosts, int port) =>
        hosts.All(host =>
        {
            var endpoint = new NetworkEndpoint(protocol, host, port);
            var request = side == NetworkSide.Remote ? new AccessRequest(operation) { Remote = endpoint } : new AccessRequest(operation) { Local = endpoint };
            return !_oracle.Engine.Decide(request).MayBeDenied;
        });

    private static Dictionary<string, IReadOnlyList<string>> Target(string target) =>
        new(StringComparer.Ordinal) { ["target"] = [target] };

    private static IEnumerable<NetworkFilter> NetworkLeaves(Filter filter) => filter switch
    {
        NetworkFilter network => [network],
        RequireAll all => all.Filters.SelectMany(NetworkLeaves),
        RequireAny any => any.Filters.SelectMany(NetworkLeaves),
        RequireNot not => NetworkLeaves(not.Filter),
        _ => [],
    };
}
