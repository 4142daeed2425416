using Sandboxer.Events;
using Sandboxer.Sbpl.Engine;
using Sandboxer.Sbpl.Policy;
using Sandboxer.Tests.Support;
using static Sandboxer.Tests.Support.Rules;

namespace Sandboxer.Tests.Sbpl.Engine;

public sealed class FilterMatchingTests
{
    private static Decision Decide(Filter filter, AccessRequest request, string operation = "file-read*")
    {
        var profile = new Rules().Deny("default").Allow(operation, filter).Build();
        var decision = PolicyEngine.Compile(profile).Decide(request);
        Assert.Equal(new ReferenceEngine(profile).Decide(request), ReferenceDecision.From(decision));
        return decision;
    }

    private static bool Allows(Filter filter, string path, string operation = "file-read-data") =>
        Decide(filter, new AccessRequest(operation) { Path = path }).Action == RuleAction.Allow;

    [Theory]
    [InlineData("/a/b", true)]
    [InlineData("/a/b/", false)]
    [InlineData("/a/bc", false)]
    [InlineData("/a", false)]
    public void Literal_is_exact(string path, bool expected) => Assert.Equal(expected, Allows(Literal("/a/b"), path));

    [Theory]
    [InlineData("/a", true)]
    [InlineData("/a/b", true)]
    [InlineData("/a/b/c/d", true)]
    [InlineData("/ab", false)]
    [InlineData("/", false)]
    [InlineData("/b/a", false)]
    public void Subpath_matches_on_a_component_boundary(string path, bool expected) => Assert.Equal(expected, Allows(Subpath("/a"), path));

    [Theory]
    [InlineData("/a", true)]
    [InlineData("/a/x", true)]
    [InlineData("/ab", false)]
    public void Subpath_with_trailing_slash_is_the_directory_and_below(string path, bool expected) =>
        Assert.Equal(expected, Allows(Subpath("/a/"), path));

    [Fact]
    public void Subpath_of_root_matches_every_absolute_path()
    {
        Assert.True(Allows(Subpath("/"), "/"));
        Assert.True(Allows(Subpath("/"), "/anything/at/all"));
    }

    [Theory]
    [InlineData("/private/tmp/cvmsCodeSignObj", true)]
    [InlineData("/private/tmp/cvmsCodeSignObjXYZ", true)]
    [InlineData("/private/tmp/cvmsCodeSignObj/x", true)]
    [InlineData("/private/tmp/cvmsCodeSign", false)]
    public void Prefix_is_a_plain_string_prefix(string path, bool expected) =>
        Assert.Equal(expected, Allows(Prefix("/private/tmp/cvmsCodeSignObj"), path));

    [Fact]
    public void Prefix_ending_in_slash_needs_something_below()
    {
        Assert.True(Allows(Prefix("/a/"), "/a/x"));
        Assert.False(Allows(Prefix("/a/"), "/a"));
    }

    [Theory]
    [InlineData("^/dev/ttys[0-9]+$", "/dev/ttys003", true)]
    [InlineData("^/dev/ttys[0-9]+$", "/dev/ttys", false)]
    [InlineData("^/dev/ttys[0-9]+$", "/dev/ttys003\n", false)]
    [InlineData(@"\.plist", "/Library/Managed Preferences/u/.GlobalPreferences.plist", true)]
    [InlineData(@"/Library/Managed Preferences/.*/\.GlobalPreferences\.plist", "/x/Library/Managed Preferences/u/.GlobalPreferences.plist", true)]
    [InlineData("^/cores/", "/cores/core.1", true)]
    [InlineData("^/cores/", "/x/cores/core.1", false)]
    [InlineData("^/dev/fd/(0|1|2)$", "/dev/fd/1", true)]
    [InlineData("^/dev/fd/(0|1|2)$", "/dev/fd/3", false)]
    [InlineData("^/private/var/folders/[^/]+/[^/]+/[C,T]/", "/private/var/folders/zz/abc/T/x", true)]
    [InlineData("^/private/var/folders/[^/]+/[^/]+/[C,T]/", "/private/var/folders/zz/abc/,/x", true)]
    [InlineData("^/a/[[:digit:]]+$", "/a/123", true)]
    [InlineData("^/a/[[:digit:]]+$", "/a/12x", false)]
    [InlineData("^/a.b$", "/a\nb", true)]
    [InlineData("^/a[^x]b$", "/a\nb", true)]
    [InlineData("/Users/*/Library", "/Users/Library", true)]
    [InlineData("/Users/*/Library", "/Users/bob/Library", false)]
    [InlineData("", "/anything", true)]
    [InlineData("^/a{2}$", "/aa", true)]
    [InlineData("^/a(b|c)?d+$", "/add", true)]
    [InlineData("^/a(b|c)?d+$", "/abcd", false)]
    public void Regex_follows_posix_ere_search_semantics(string pattern, string path, bool expected) =>
        Assert.Equal(expected, Allows(Regex(pattern), path));

    [Theory]
    [InlineData(@"^/a/\d+$")]
    [InlineData("*/docker.sock")]
    [InlineData(@"^/a/[\.]x$")]
    [InlineData("^/a/(?i)x$")]
    [InlineData("^/a**$")]
    [InlineData("^/a/(b$")]
    [InlineData("^/a/[b$")]
    [InlineData("^/a/[[.hyphen.]]$")]
    public void Unsupported_regex_constructs_are_undecidable_not_reinterpreted(string pattern)
    {
        var profile = new Rules().Deny("default").Allow("file-read*", Regex(pattern)).Build();
        var engine = PolicyEngine.Compile(profile);
        Assert.Contains(engine.Diagnostics, d => d.Code == "SBPL3001");
        var decision = engine.Decide(new AccessRequest("file-read-data") { Path = "/a/1" });
        Assert.Equal(RuleAction.Deny, decision.Action);
        Assert.False(decision.IsCertain);
        Assert.True(decision.MayBeAllowed);
        Assert.Equal(UncertaintyKind.UnsupportedConstruct, Assert.Single(decision.Uncertainties).Kind);
    }

    [Fact]
    public void Regex_translation_escapes_dotnet_only_syntax()
    {
        var warnings = new List<string>();
        var translated = AppleMatchRegex.ToDotNet("^/a#b c}$", warnings, out var error);
        Assert.Null(error);
        Assert.Matches(translated!, "/a#b c}");
        Assert.DoesNotMatch(translated!, "/a#b c}\n");
    }

    [Theory]
    [InlineData("^(a+)+$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", false)]
    [InlineData("^/(a|aa)*b$", "/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", true)]
    [InlineData("^/x(/[^/]+)*/y$", "/x/a/b/c/y", true)]
    public void Repeated_groups_match_in_linear_time(string pattern, string value, bool expected)
    {
        var translation = AppleMatchRegex.Translate(pattern);
        Assert.Equal(expected, translation.IsMatch(value));
    }

    [Fact]
    public void Regex_interval_is_translated_with_a_warning()
    {
        var engine = PolicyEngine.Compile(new Rules().Allow("file-read*", Regex("^/a{2,3}$")).Build());
        Assert.Contains(engine.Diagnostics, d => d.Code == "SBPL3002");
    }

    [Fact]
    public void Several_filters_in_one_rule_match_when_any_matches()
    {
        Assert.True(Allows(Any(Literal("/a"), Subpath("/b"), Regex("^/c")), "/b/x"));
        Assert.True(Allows(Any(Literal("/a"), Subpath("/b"), Regex("^/c")), "/cz"));
        Assert.False(Allows(Any(Literal("/a"), Subpath("/b"), Regex("^/c")), "/d"));
    }

    [Fact]
    public void Require_all_and_require_not_combine()
    {
        var filter = All(Subpath("/a"), Not(Subpath("/a/secret")));
        Assert.True(Allows(filter, "/a/public"));
        Assert.False(Allows(filter, "/a/secret/key"));
    }

    [Theory]
    [InlineData("com.apple.trustd.agent", true)]
    [InlineData("com.apple.trustd", false)]
    public void Global_name_is_exact(string name, bool expected)
    {
        var decision = Decide(GlobalName("com.apple.trustd.agent"), new AccessRequest("mach-lookup") { Name = name }, "mach-lookup");
        Assert.Equal(expected, decision.IsAllowed);
        Assert.True(decision.IsCertain);
    }

    [Fact]
    public void Name_prefix_and_regex_match()
    {
        Assert.True(Decide(new NameFilter("sysctl-name", NameMatch.Prefix, "kern."), new AccessRequest("sysctl-read") { Name = "kern.osrelease" }, "sysctl-read").IsAllowed);
        Assert.False(Decide(new NameFilter("sysctl-name", NameMatch.Prefix, "kern."), new AccessRequest("sysctl-read") { Name = "hw.ncpu" }, "sysctl-read").IsAllowed);
        Assert.True(Decide(new NameFilter("global-name", NameMatch.Regex, @"^com\.google\.Chrome\.MachPortRendezvousServer\."), new AccessRequest("mach-lookup") { Name = "com.google.Chrome.MachPortRendezvousServer.123" }, "mach-lookup").IsAllowed);
    }

    [Fact]
    public void Name_filter_of_another_namespace_does_not_match()
    {
        var decision = Decide(new NameFilter("sysctl-name", NameMatch.Exact, "x"), new AccessRequest("mach-lookup") { Name = "x" }, "mach*");
        Assert.False(decision.IsAllowed);
        Assert.True(decision.IsCertain);
    }

    [Fact]
    public void Local_name_matching_a_looked_up_name_is_undecidable()
    {
        var decision = Decide(new NameFilter("local-name", NameMatch.Exact, "x"), new AccessRequest("mach-lookup") { Name = "x" }, "mach-lookup");
        Assert.False(decision.IsCertain);
        Assert.True(decision.MayBeAllowed);
    }

    private static Decision DecideNetwork(NetworkFilter filter, string operation, NetworkEndpoint? remote = null, NetworkEndpoint? local = null) =>
        Decide(filter, new AccessRequest(operation) { Remote = remote, Local = local }, "network*");

    [Theory]
    [InlineData(NetworkProtocol.Ip, "tcp", "127.0.0.1", 80, true)]
    [InlineData(NetworkProtocol.Ip, "udp", "::1", 80, true)]
    [InlineData(NetworkProtocol.Tcp, "udp", "127.0.0.1", 80, false)]
    [InlineData(NetworkProtocol.Tcp4, "tcp", "127.0.0.1", 80, true)]
    [InlineData(NetworkProtocol.Tcp4, "tcp", "::1", 80, false)]
    [InlineData(NetworkProtocol.Tcp6, "tcp", "::1", 80, true)]
    [InlineData(NetworkProtocol.Udp, "udp", "10.1.2.3", 80, false)]
    [InlineData(NetworkProtocol.Ip, "tcp", "::ffff:127.0.0.1", 80, true)]
    [InlineData(NetworkProtocol.Ip, "tcp", "127.9.9.9", 80, true)]
    [InlineData(NetworkProtocol.Ip, "tcp", "localhost", 80, true)]
    public void Localhost_filter_checks_protocol_family_and_loopback(NetworkProtocol protocol, string proto, string host, int port, bool expected)
    {
        var filter = new NetworkFilter(NetworkSide.Remote, protocol, NetworkHost.Localhost, null);
        Assert.Equal(expected, DecideNetwork(filter, "network-outbound", remote: new NetworkEndpoint(proto, host, port)).IsAllowed);
    }

    [Fact]
    public void Port_and_any_host()
    {
        var filter = new NetworkFilter(NetworkSide.Remote, NetworkProtocol.Tcp, NetworkHost.Any, 443);
        Assert.True(DecideNetwork(filter, "network-outbound", remote: new NetworkEndpoint("tcp", "93.184.216.34", 443)).IsAllowed);
        Assert.False(DecideNetwork(filter, "network-outbound", remote: new NetworkEndpoint("tcp", "93.184.216.34", 80)).IsAllowed);
    }

    [Fact]
    public void Unknown_port_or_host_in_a_kernel_report_is_undecidable()
    {
        var filter = new NetworkFilter(NetworkSide.Remote, NetworkProtocol.Tcp, NetworkHost.Localhost, 8080);
        var decision = DecideNetwork(filter, "network-outbound", remote: new NetworkEndpoint("tcp", "*", null));
        Assert.False(decision.IsCertain);
        Assert.True(decision.MayBeAllowed);
        Assert.True(decision.MayBeDenied);
    }

    [Fact]
    public void Remote_filter_does_not_match_a_bind()
    {
        var filter = new NetworkFilter(NetworkSide.Remote, NetworkProtocol.Ip, NetworkHost.Any, null);
        var decision = DecideNetwork(filter, "network-bind", local: new NetworkEndpoint("tcp", "127.0.0.1", 8080));
        Assert.False(decision.IsAllowed);
        Assert.True(decision.IsCertain);
    }

    [Fact]
    public void Unix_sockets_are_matched_by_path_filters_and_by_bare_unix_socket()
    {
        var request = new AccessRequest("network-outbound") { Path = "/private/var/run/mDNSResponder" };
        Assert.True(Decide(Literal("/private/var/run/mDNSResponder"), request, "network-outbound").IsAllowed);
        Assert.True(Decide(new NetworkFilter(NetworkSide.Remote, NetworkProtocol.Unix, NetworkHost.Any, null), request, "network-outbound").IsAllowed);
        var tcp = new AccessRequest("network-outbound") { Remote = new NetworkEndpoint("tcp", "127.0.0.1", 1) };
        Assert.False(Decide(new NetworkFilter(NetworkSide.Remote, NetworkProtocol.Unix, NetworkHost.Any, null), tcp, "network-outbound").IsAllowed);
        Assert.False(Decide(Literal("/private/var/run/mDNSResponder"), tcp, "network-outbound").IsAllowed);
    }

    [Fact]
    public void Attribute_filter_is_undecidable_without_the_attribute_and_decided_with_it()
    {
        var filter = All(Subpath("/dev"), Attribute("vnode-type", "CHARACTER-DEVICE"));
        var unknown = Decide(filter, new AccessRequest("file-read-data") { Path = "/dev/null" });
        Assert.False(unknown.IsCertain);
        Assert.Equal(RuleAction.Deny, unknown.Action);
        var uncertainty = Assert.Single(unknown.Uncertainties);
        Assert.Equal(RuleAction.Allow, uncertainty.AlternativeAction);
        Assert.Contains("vnode-type", uncertainty.Message, StringComparison.Ordinal);

        var file = AccessRequest.FromEvent(new AccessEvent { Operation = "file-read-data", Path = "/dev/null", FileType = "file" });
        Assert.True(Decide(filter, file).IsCertain);
        Assert.False(Decide(filter, file).IsAllowed);

        var device = AccessRequest.FromEvent(new AccessEvent { Operation = "file-read-data", Path = "/dev/null", FileType = "device" });
        Assert.False(Decide(filter, device).IsCertain);
    }

    [Fact]
    public void Signal_number_filter_compares_names_and_numbers()
    {
        var filter = new AttributeFilter("signal-number", ["SIGKILL"]);
        var kill = AccessRequest.FromEvent(new AccessEvent { Operation = "signal", Signal = 9, Target = "others" });
        var term = AccessRequest.FromEvent(new AccessEvent { Operation = "signal", Signal = 15, Target = "others" });
        Assert.True(Decide(filter, kill, "signal").IsAllowed);
        Assert.False(Decide(filter, term, "signal").IsAllowed);
    }

    [Fact]
    public void Xattr_filter_on_a_file_request_is_undecidable_not_false()
    {
        var decision = Decide(new NameFilter("xattr", NameMatch.Exact, "com.apple.quarantine"), new AccessRequest("file-read-xattr") { Path = "/a" });
        Assert.False(decision.IsCertain);
        Assert.True(decision.MayBeAllowed);
    }

    [Fact]
    public void Require_not_of_an_unknown_stays_unknown()
    {
        var decision = Decide(Not(Attribute("target", "self")), new AccessRequest("signal"), "signal");
        Assert.False(decision.IsCertain);
    }

    [Fact]
    public void Later_certain_match_hides_an_earlier_unknown()
    {
        var profile = new Rules().Deny("default")
            .Allow("file-read*", All(Subpath("/a"), Attribute("vnode-type", "DIRECTORY")))
            .Deny("file-read*", Subpath("/a/b"))
            .Build();
        var decision = PolicyEngine.Compile(profile).Decide(new AccessRequest("file-read-data") { Path = "/a/b/c" });
        Assert.Equal(RuleAction.Deny, decision.Action);
        Assert.True(decision.IsCertain);
    }

    [Fact]
    public void Unresolved_import_makes_earlier_decisions_undecidable()
    {
        var profile = new Rules().Deny("default").Import("system.sb").Allow("file-read-data", Subpath("/usr")).Build();
        var engine = PolicyEngine.Compile(profile);
        var after = engine.Decide(new AccessRequest("file-read-data") { Path = "/usr/lib" });
        Assert.True(after.IsCertain);
        Assert.True(after.IsAllowed);
        var other = engine.Decide(new AccessRequest("file-read-data") { Path = "/etc/passwd" });
        Assert.False(other.IsAllowed);
        var uncertainty = Assert.Single(other.Uncertainties);
        Assert.Equal(UncertaintyKind.UnresolvedImport, uncertainty.Kind);
        Assert.Equal(RuleAction.Allow, uncertainty.AlternativeAction);
        Assert.Equal("system.sb", uncertainty.Import!.Name);
    }

    [Fact]
    public void Unresolved_import_can_override_a_wildcard_rule_with_a_specific_one()
    {
        var profile = new Rules().Import("system.sb").Allow("file-read*", Subpath("/usr")).Build();
        var decision = PolicyEngine.Compile(profile).Decide(new AccessRequest("file-read-data") { Path = "/usr/lib" });
        Assert.True(decision.IsAllowed);
        Assert.True(decision.MayBeDenied);
    }

    [Fact]
    public void Request_without_target_leaves_path_filters_unknown()
    {
        var profile = new Rules().Deny("default").Allow("process-fork", Literal("/x")).Build();
        var decision = PolicyEngine.Compile(profile).Decide(new AccessRequest("process-fork"));
        Assert.False(decision.IsCertain);
        Assert.False(decision.IsAllowed);
    }
}
