using Sandboxer.Sbpl.Evaluation;
using Sandboxer.Sbpl.Policy;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Tests.Sbpl.Evaluation;

/// <summary>How allow/deny forms, filters and modifiers become <see cref="Rule"/>s.</summary>
public sealed class RuleEvaluationTests
{
    internal static LoadResult Load(string text, Dictionary<string, string>? parameters = null) =>
        ProfileLoader.Load([new SourceText(text, "/t/p.sb")], parameters ?? []);

    private static Rule SingleRule(string rule, Dictionary<string, string>? parameters = null)
    {
        var result = Load("(version 1)\n" + rule, parameters);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return Assert.Single(result.Profile.Rules);
    }

    private static Filter FilterOf(string rule) => SingleRule(rule).Filter!;

    [Fact]
    public void A_rule_records_action_operations_index_location_and_text()
    {
        var result = Load("(version 1)\n(deny default)\n(allow file-read* process-exec\n  (subpath \"/usr\"))\n");
        Assert.False(result.HasErrors);
        var rules = result.Profile.Rules;
        Assert.Equal(2, rules.Count);
        Assert.Equal(new Rule(RuleAction.Deny, ["default"], null, [], 0, rules[0].Location, "(deny default)"), rules[0]);
        var allow = rules[1];
        Assert.Equal(RuleAction.Allow, allow.Action);
        Assert.Equal(["file-read*", "process-exec*"], allow.Operations);
        Assert.Equal(new PathFilter(PathMatch.Subpath, "/usr"), allow.Filter);
        Assert.Equal(1, allow.Index);
        Assert.Equal("/t/p.sb:3:1", allow.Location!.ToString());
        Assert.Equal("(allow file-read* process-exec\n  (subpath \"/usr\"))", allow.Text);
    }

    [Theory]
    [InlineData("literal", PathMatch.Literal)]
    [InlineData("path", PathMatch.Literal)]
    [InlineData("subpath", PathMatch.Subpath)]
    [InlineData("prefix", PathMatch.Prefix)]
    [InlineData("path-prefix", PathMatch.Prefix)]
    [InlineData("regex", PathMatch.Regex)]
    [InlineData("path-regex", PathMatch.Regex)]
    public void Path_filters(string name, PathMatch match) =>
        Assert.Equal(new PathFilter(match, "/a"), FilterOf($"(allow file-read* ({name} \"/a\"))"));

    [Fact]
    public void Several_filters_or_several_arguments_mean_any()
    {
        var expected = new RequireAny([new PathFilter(PathMatch.Literal, "/a"), new PathFilter(PathMatch.Literal, "/b")]);
        Assert.Equal(expected, FilterOf("(allow file-read* (literal \"/a\") (literal \"/b\"))"));
        Assert.Equal(expected, FilterOf("(allow file-read* (literal \"/a\" \"/b\"))"));
    }

    [Theory]
    [InlineData("(global-name \"com.apple.x\")", "global-name", NameMatch.Exact)]
    [InlineData("(global-name-prefix \"com.apple.\")", "global-name", NameMatch.Prefix)]
    [InlineData("(xpc-service-name-regex \"x$\")", "xpc-service-name", NameMatch.Regex)]
    [InlineData("(sysctl-name-prefix \"kern.\")", "sysctl-name", NameMatch.Prefix)]
    [InlineData("(ipc-posix-name \"x\")", "ipc-posix-name", NameMatch.Exact)]
    [InlineData("(preference-domain \"x\")", "preference-domain", NameMatch.Exact)]
    [InlineData("(iokit-user-client-class \"x\")", "iokit-registry-entry-class", NameMatch.Exact)]
    [InlineData("(iokit-registry-entry-class \"x\")", "iokit-registry-entry-class", NameMatch.Exact)]
    [InlineData("(local-name-regex \"x\")", "local-name", NameMatch.Regex)]
    [InlineData("(notification-name \"x\")", "notification-name", NameMatch.Exact)]
    [InlineData("(right-name \"x\")", "right-name", NameMatch.Exact)]
    [InlineData("(xattr \"x\")", "xattr", NameMatch.Exact)]
    public void Name_filters(string filter, string kind, NameMatch match)
    {
        var name = Assert.IsType<NameFilter>(FilterOf($"(allow mach-lookup {filter})"));
        Assert.Equal(kind, name.Kind);
        Assert.Equal(match, name.Match);
    }

    [Theory]
    [InlineData("(vnode-type REGULAR-FILE)", "vnode-type", "REGULAR-FILE")]
    [InlineData("(target self)", "target", "self")]
    [InlineData("(signal-number SIGKILL)", "signal-number", "SIGKILL")]
    [InlineData("(socket-domain AF_INET)", "socket-domain", "AF_INET")]
    [InlineData("(socket-protocol 2)", "socket-protocol", "2")]
    [InlineData("(file-mode #o0004)", "file-mode", "4")]
    [InlineData("(fsctl-command (_IO \"h\" 47))", "fsctl-command", "26671")]
    [InlineData("(ioctl-command FIONREAD)", "ioctl-command", "FIONREAD")]
    [InlineData("(extension \"com.apple.app-sandbox.read\")", "extension", "com.apple.app-sandbox.read")]
    [InlineData("(extension-class \"com.apple.app-sandbox.read\")", "extension-class", "com.apple.app-sandbox.read")]
    [InlineData("(signing-identifier \"com.apple.x\")", "signing-identifier", "com.apple.x")]
    [InlineData("(syscall-number SYS_read)", "syscall-number", "SYS_read")]
    [InlineData("(tty)", "vnode-type", "TTY")]
    [InlineData("(mac-syscall-number 67)", "mac-syscall-number", "67")]
    public void Attribute_filters(string filter, string name, string value) =>
        Assert.Equal(new AttributeFilter(name, [value]), FilterOf($"(allow file-read* {filter})"));

    [Theory]
    [InlineData("(remote tcp \"localhost:8080\")", NetworkSide.Remote, NetworkProtocol.Tcp, NetworkHost.Localhost, 8080)]
    [InlineData("(local ip \"*:*\")", NetworkSide.Local, NetworkProtocol.Ip, NetworkHost.Any, null)]
    [InlineData("(remote udp6 \"*:53\")", NetworkSide.Remote, NetworkProtocol.Udp6, NetworkHost.Any, 53)]
    [InlineData("(remote ip)", NetworkSide.Remote, NetworkProtocol.Ip, NetworkHost.Any, null)]
    [InlineData("(to tcp4 \"localhost:0\")", NetworkSide.Remote, NetworkProtocol.Tcp4, NetworkHost.Localhost, 0)]
    [InlineData("(from udp \"localhost:65535\")", NetworkSide.Local, NetworkProtocol.Udp, NetworkHost.Localhost, 65535)]
    [InlineData("(remote unix-socket)", NetworkSide.Remote, NetworkProtocol.Unix, NetworkHost.Any, null)]
    public void Network_filters(string filter, NetworkSide side, NetworkProtocol protocol, NetworkHost host, int? port) =>
        Assert.Equal(new NetworkFilter(side, protocol, host, port), FilterOf($"(allow network-outbound {filter})"));

    [Fact]
    public void Unix_socket_paths_become_path_filters()
    {
        Assert.Equal(new PathFilter(PathMatch.Literal, "/var/run/x"), FilterOf("(allow network-outbound (remote unix-socket (path-literal \"/var/run/x\")))"));
        Assert.Equal(new PathFilter(PathMatch.Regex, "^/x"), FilterOf("(allow network-outbound (local unix (path-regex #\"^/x\")))"));
    }

    [Fact]
    public void Combinators_nest()
    {
        var filter = FilterOf("(allow file-read* (require-all (subpath \"/a\") (require-not (literal \"/a/b\")) (require-any (vnode-type DIRECTORY))))");
        Assert.Equal(
            new RequireAll([
                new PathFilter(PathMatch.Subpath, "/a"),
                new RequireNot(new PathFilter(PathMatch.Literal, "/a/b")),
                new RequireAny([new AttributeFilter("vnode-type", ["DIRECTORY"])]),
            ]),
            filter);
    }

    [Fact]
    public void Path_ancestors_are_the_strict_ancestors()
    {
        Assert.Equal(
            new RequireAny([new PathFilter(PathMatch.Literal, "/"), new PathFilter(PathMatch.Literal, "/System"), new PathFilter(PathMatch.Literal, "/System/Volumes")]),
            FilterOf("(allow file-read-metadata (path-ancestors \"/System/Volumes/Data\"))"));
    }

    [Theory]
    [InlineData("(with report)", "report")]
    [InlineData("(with no-log)", "no-report")]
    [InlineData("(with no-report)", "no-report")]
    [InlineData("(with send-signal SIGSYS)", "send-signal SIGSYS")]
    [InlineData("(with termination)", "send-signal SIGKILL")]
    [InlineData("(with message \"tag \\\"x\\\"\")", "message \"tag \\\"x\\\"\"")]
    [InlineData("(with no-sandbox)", "no-sandbox")]
    public void Modifiers(string modifier, string expected)
    {
        var rule = SingleRule($"(deny file-read* {modifier})");
        Assert.Equal("(with " + expected + ")", Assert.Single(rule.Modifiers).ToString());
    }

    [Fact]
    public void With_filter_and_with_modifier_wrap_every_rule_in_their_body()
    {
        var result = Load("""
            (version 1)
            (with-filter (subpath "/p")
              (allow file-read*)
              (with-modifier (with report)
                (deny file-write* (literal "/p/x"))))
            (allow file-read-metadata)
            """);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var rules = result.Profile.Rules;
        Assert.Equal(new PathFilter(PathMatch.Subpath, "/p"), rules[0].Filter);
        Assert.Equal(new RequireAll([new PathFilter(PathMatch.Literal, "/p/x"), new PathFilter(PathMatch.Subpath, "/p")]), rules[1].Filter);
        Assert.Equal("(with report)", Assert.Single(rules[1].Modifiers).ToString());
        Assert.Null(rules[2].Filter);
        Assert.Empty(rules[2].Modifiers);
    }

    [Fact]
    public void Helpers_may_return_filters_or_emit_rules()
    {
        var result = Load("""
            (version 1)
            (define (home-subpath rel) (subpath (string-append (param "HOME") rel)))
            (define (allow-reads . paths) (for-each (lambda (p) (allow file-read* (literal p))) paths))
            (allow file-read* (home-subpath "/.config"))
            (allow-reads "/a" "/b")
            """, new() { ["HOME"] = "/Users/a" });
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Equal(
            [new PathFilter(PathMatch.Subpath, "/Users/a/.config"), new PathFilter(PathMatch.Literal, "/a"), new PathFilter(PathMatch.Literal, "/b")],
            result.Profile.Rules.Select(r => r.Filter));
        Assert.Equal("/t/p.sb:3:53", result.Profile.Rules[1].Location!.ToString());
    }

    [Fact]
    public void Several_sources_are_one_profile_in_order()
    {
        var result = ProfileLoader.Load(
            [new SourceText("(version 1)\n(define (helper) (allow file-read* (literal \"/h\")))\n(deny default)\n", "/t/common.sb"),
             new SourceText("(helper)\n", "/t/renderer.sb")],
            new Dictionary<string, string>());
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Equal(2, result.Profile.Rules.Count);
        Assert.Equal(1, result.Profile.Rules[1].Index);
        Assert.Equal(2, result.Sources.Count);
    }

    [Fact]
    public void Debug_and_trace_are_accepted_and_change_nothing()
    {
        var result = Load("(version 1)\n(debug deny)\n(trace \"/tmp/trace.sb\")\n(deny default)\n");
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Single(result.Profile.Rules);
    }
}
