using CsCheck;
using Sandboxer.Events;
using Sandboxer.Sbpl.Engine;
using Sandboxer.Sbpl.Policy;
using Sandboxer.Tests.Support;

namespace Sandboxer.Tests.Sbpl.Engine;

/// <summary>The compiled engine and the linear-scan reference agree on random profiles and random requests.</summary>
public sealed class EngineAgreesWithReferenceTests
{
    private static readonly string[] Operations =
    [
        "default", "file*", "file-read*", "file-read-data", "file-read-metadata", "file-write*", "file-write-data",
        "process-exec", "process-exec-interpreter", "file-map-executable", "process-info*", "process-info-pidinfo",
        "mach-lookup", "mach*", "network-outbound", "network*", "sysctl-read", "signal", "iokit-open-new-thing",
    ];

    private static readonly Gen<string> Component = Gen.OneOf("a", "ab", "b", "c", "a.b");

    private static readonly Gen<string> AbsolutePath = Component.Array[0, 4].Select(parts => "/" + string.Join('/', parts));

    // Patterns: exact paths, with a trailing slash, cut in the middle of a component, or relative.
    private static readonly Gen<string> Pattern = Gen.Frequency(
        (6, AbsolutePath),
        (1, AbsolutePath.Select(p => p.EndsWith('/') ? p : p + "/")),
        (2, Gen.Select(AbsolutePath, Gen.Int[0, 2], (p, cut) => p[..Math.Max(0, p.Length - cut)])),
        (1, Gen.OneOf("a/b", "", "//a")));

    // Requests: the same vocabulary plus near misses (extra characters, doubled slashes).
    private static readonly Gen<string> RequestPath = Gen.Frequency(
        (6, AbsolutePath),
        (1, Gen.Select(AbsolutePath, Component, (p, c) => p + c)),
        (1, AbsolutePath.Select(p => p + "/")),
        (1, Gen.OneOf("", "a/b", "//a", "/a//b")));

    private static readonly Gen<string> RegexPattern = Gen.OneOf(
        "^/a/", "b$", "^/a/[^/]+$", "/ab?/", "^/(a|b)/c", "a\\.b", "^/c$", "*/a", "^/a/\\d");

    private static readonly Gen<string> Name = Gen.OneOf("x", "xy", "y", "com.apple.x");

    private static readonly Gen<Filter> Leaf = Gen.Frequency(
        (4, Pattern.Select(p => (Filter)new PathFilter(PathMatch.Literal, p))),
        (4, Pattern.Select(p => (Filter)new PathFilter(PathMatch.Subpath, p))),
        (3, Pattern.Select(p => (Filter)new PathFilter(PathMatch.Prefix, p))),
        (2, RegexPattern.Select(p => (Filter)new PathFilter(PathMatch.Regex, p))),
        (1, Gen.OneOf("DIRECTORY", "REGULAR-FILE").Select(v => (Filter)new AttributeFilter("vnode-type", [v]))),
        (2, Gen.Select(Gen.OneOf("global-name", "local-name", "sysctl-name", "xattr"), Gen.Enum<NameMatch>(), Name, (k, m, n) => (Filter)new NameFilter(k, m, m == NameMatch.Regex ? "^" + n : n))),
        (2, Gen.Select(Gen.Enum<NetworkSide>(), Gen.Enum<NetworkProtocol>(), Gen.Enum<NetworkHost>(), Gen.OneOf<int?>(null, 80, 443), (s, p, h, port) => (Filter)new NetworkFilter(s, p, h, port))));

    private static readonly Gen<Filter> Filter = Gen.Frequency(
        (10, Leaf),
        (3, Leaf.Array[1, 3].Select(parts => (Filter)new RequireAny([.. parts]))),
        (2, Leaf.Array[2, 2].Select(parts => (Filter)new RequireAll([.. parts]))),
        (1, Leaf.Select(part => (Filter)new RequireNot(part))));

    private static readonly Gen<(RuleAction Action, string[] Operations, Filter? Filter)> RuleShape = Gen.Select(
        Gen.Enum<RuleAction>(),
        Gen.OneOf(Operations).Array[1, 2],
        Gen.Frequency((4, Filter.Select(f => (Filter?)f)), (1, Gen.Const((Filter?)null))),
        (action, operations, filter) => (action, operations, (Filter?)filter));

    private static readonly Gen<Profile> Profiles = Gen.Select(RuleShape.Array[0, 14], Gen.Int[-3, 14], (shapes, importAt) =>
    {
        var rules = new Rules();
        for (var i = 0; i < shapes.Length; i++)
        {
            if (i == importAt)
            {
                rules.Import("system.sb");
            }

            rules.Add(shapes[i].Action, string.Join(' ', shapes[i].Operations), shapes[i].Filter);
        }

        return rules.Build();
    });

    private static readonly Gen<NetworkEndpoint> Endpoint = Gen.Select(
        Gen.OneOf("tcp", "udp", "ip"), Gen.OneOf("127.0.0.1", "::1", "192.0.2.1", "*", "localhost"), Gen.OneOf<int?>(80, 443, null),
        (proto, host, port) => new NetworkEndpoint(proto, host, port));

    private static readonly Gen<AccessRequest> Requests = Gen.Select(
        Gen.OneOf(Operations),
        Gen.Frequency((8, RequestPath.Select(p => (string?)p)), (2, Gen.Const((string?)null))),
        Gen.Frequency((1, Name.Select(n => (string?)n)), (3, Gen.Const((string?)null))),
        Gen.Frequency((1, Endpoint.Select(e => (NetworkEndpoint?)e)), (3, Gen.Const((NetworkEndpoint?)null))),
        Gen.OneOf<string?>(null, "file", "directory", "device"),
        (operation, path, name, remote, fileType) => AccessRequest.FromEvent(new AccessEvent
        {
            Operation = operation, Path = path, Name = name, Remote = remote, FileType = fileType,
        }));

    [Fact]
    public void Compiled_engine_agrees_with_the_linear_reference()
    {
        Gen.Select(Profiles, Requests.Array[1, 24]).Sample((profile, requests) =>
        {
            var engine = PolicyEngine.Compile(profile);
            var reference = new ReferenceEngine(profile);
            foreach (var request in requests)
            {
                var expected = reference.Decide(request);
                var actual = ReferenceDecision.From(engine.Decide(request));
                if (!expected.Equals(actual))
                {
                    throw new InvalidOperationException($"request {request.Operation} {request.DescribeTarget()}: reference {expected}, engine {actual}");
                }
            }
        }, iter: 3000);
    }

    [Fact]
    public void Decisions_with_unresolved_imports_are_certain_only_after_them()
    {
        Gen.Select(Profiles, Requests).Sample((profile, request) =>
        {
            var decision = PolicyEngine.Compile(profile).Decide(request);
            var importsMatter = decision.Uncertainties.Any(u => u.Kind == UncertaintyKind.UnresolvedImport);
            var afterAll = profile.UnresolvedImports.All(i => decision.Reason == DecisionReason.Rule && decision.Rule!.Index >= i.RuleIndex);
            return profile.UnresolvedImports.IsEmpty ? !importsMatter : importsMatter || afterAll;
        }, iter: 2000);
    }
}
