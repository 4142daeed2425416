using Sandboxer.Events;
using Sandboxer.Sbpl.Engine;
using Sandboxer.Sbpl.Policy;
using Sandboxer.Tests.Support;
using static Sandboxer.Tests.Support.Rules;

namespace Sandboxer.Tests.Sbpl.Engine;

/// <summary>One test per evaluation rule of docs/sbpl-language.md §2e, including the behaviours MXC measured on macOS.</summary>
public sealed class DecisionSemanticsTests
{
    private static Decision Decide(Rules rules, string operation, string? path = null)
    {
        var profile = rules.Build();
        var request = new AccessRequest(operation) { Path = path };
        var decision = PolicyEngine.Compile(profile).Decide(request);
        Assert.Equal(new ReferenceEngine(profile).Decide(request), ReferenceDecision.From(decision));
        return decision;
    }

    [Fact]
    public void Empty_profile_denies_through_the_builtin_default()
    {
        var decision = Decide(new Rules(), "file-read-data", "/x");
        Assert.Equal(RuleAction.Deny, decision.Action);
        Assert.Equal(DecisionReason.Builtin, decision.Reason);
        Assert.Equal("default", decision.DecidedBy);
        Assert.Null(decision.Rule);
        Assert.True(decision.IsCertain);
    }

    [Fact]
    public void Falls_back_from_operation_to_wildcard_parent()
    {
        var decision = Decide(new Rules().Deny("default").Allow("file-read*", Subpath("/usr")), "file-read-data", "/usr/lib/x");
        Assert.Equal(RuleAction.Allow, decision.Action);
        Assert.Equal(DecisionReason.Rule, decision.Reason);
        Assert.Equal("file-read*", decision.DecidedBy);
        Assert.Equal(1, decision.Rule!.Index);
    }

    [Fact]
    public void Falls_back_all_the_way_to_the_profile_default_rule()
    {
        var decision = Decide(new Rules().Deny("default").Allow("file-read*", Subpath("/usr")), "file-read-data", "/etc/x");
        Assert.Equal(RuleAction.Deny, decision.Action);
        Assert.Equal(DecisionReason.ProfileDefault, decision.Reason);
        Assert.Equal("default", decision.DecidedBy);
        Assert.Equal(0, decision.Rule!.Index);
    }

    [Fact]
    public void Terminal_operation_uses_its_builtin_decision_instead_of_deny_default()
    {
        var decision = Decide(new Rules().Deny("default"), "file-map-executable", "/usr/lib/libx.dylib");
        Assert.Equal(RuleAction.Allow, decision.Action);
        Assert.Equal(DecisionReason.Builtin, decision.Reason);
        Assert.Equal("file-map-executable", decision.DecidedBy);
    }

    [Fact]
    public void Terminal_operation_still_obeys_its_own_rules()
    {
        var decision = Decide(new Rules().Deny("file-map-executable", Subpath("/tmp")), "file-map-executable", "/tmp/evil.dylib");
        Assert.Equal(RuleAction.Deny, decision.Action);
        Assert.Equal(DecisionReason.Rule, decision.Reason);
    }

    [Fact]
    public void Terminal_wildcard_parent_stops_the_fallback()
    {
        // process-info-pidinfo → process-info* (terminal allow): (deny default) does not reach it.
        var decision = Decide(new Rules().Deny("default"), "process-info-pidinfo");
        Assert.Equal(RuleAction.Allow, decision.Action);
        Assert.Equal(DecisionReason.Builtin, decision.Reason);
        Assert.Equal("process-info*", decision.DecidedBy);
    }

    [Fact]
    public void Terminal_deny_operation_is_not_opened_by_allow_default()
    {
        var decision = Decide(new Rules().Allow("default"), "file-write-setugid", "/x");
        Assert.Equal(RuleAction.Deny, decision.Action);
        Assert.Equal(DecisionReason.Builtin, decision.Reason);
    }

    [Fact]
    public void Allow_then_deny_of_the_same_path_denies()
    {
        var rules = new Rules().Allow("file-read*", Literal("/p")).Deny("file-read*", Literal("/p"));
        Assert.Equal(RuleAction.Deny, Decide(rules, "file-read-data", "/p").Action);
    }

    [Fact]
    public void Deny_then_allow_of_the_same_path_allows()
    {
        var rules = new Rules().Deny("file-read*", Literal("/p")).Allow("file-read*", Literal("/p"));
        Assert.Equal(RuleAction.Allow, Decide(rules, "file-read-data", "/p").Action);
    }

    [Fact]
    public void Shallow_deny_then_deeper_allow_allows_inside_and_denies_beside()
    {
        var rules = new Rules().Allow("default").Deny("file-read*", Subpath("/a")).Allow("file-read*", Subpath("/a/b"));
        Assert.Equal(RuleAction.Allow, Decide(rules, "file-read-data", "/a/b/c").Action);
        Assert.Equal(RuleAction.Deny, Decide(rules, "file-read-data", "/a/c").Action);
    }

    [Fact]
    public void Deeper_allow_then_shallow_deny_denies_because_the_last_match_wins()
    {
        var rules = new Rules().Allow("file-read*", Subpath("/a/b")).Deny("file-read*", Subpath("/a"));
        Assert.Equal(RuleAction.Deny, Decide(rules, "file-read-data", "/a/b/c").Action);
    }

    [Fact]
    public void Unfiltered_allow_after_filtered_deny_does_not_override_it()
    {
        var rules = new Rules().Deny("file-write*", Subpath("/secret")).Allow("file-write*");
        var decision = Decide(rules, "file-write-data", "/secret/x");
        Assert.Equal(RuleAction.Deny, decision.Action);
        Assert.Equal(DecisionReason.Rule, decision.Reason);
    }

    [Fact]
    public void Unfiltered_allow_before_filtered_deny_does_not_override_it()
    {
        var rules = new Rules().Allow("file-write*").Deny("file-write*", Subpath("/secret"));
        Assert.Equal(RuleAction.Deny, Decide(rules, "file-write-data", "/secret/x").Action);
    }

    [Fact]
    public void Filtered_allow_before_unfiltered_deny_still_allows_as_in_homebrew()
    {
        var rules = new Rules().Allow("file-write*", Subpath("/usr/local")).Deny("file-write*").Allow("default");
        Assert.Equal(RuleAction.Allow, Decide(rules, "file-write-data", "/usr/local/bin/x").Action);
        var elsewhere = Decide(rules, "file-write-data", "/etc/x");
        Assert.Equal(RuleAction.Deny, elsewhere.Action);
        Assert.Equal(DecisionReason.OperationDefault, elsewhere.Reason);
        Assert.Equal("file-write*", elsewhere.DecidedBy);
    }

    [Fact]
    public void Last_unfiltered_rule_wins_among_unfiltered_rules()
    {
        var decision = Decide(new Rules().Deny("default").Allow("default"), "file-read-data", "/x");
        Assert.Equal(RuleAction.Allow, decision.Action);
        Assert.Equal(DecisionReason.ProfileDefault, decision.Reason);
        Assert.Equal(1, decision.Rule!.Index);
    }

    [Fact]
    public void Rule_naming_the_operation_beats_a_later_wildcard_deny()
    {
        // MXC: an unfiltered (allow file-read-metadata) keeps stat() working on X despite a later file-read* deny of X.
        var rules = new Rules().Deny("default").Allow("file-read-metadata").Deny("file-read*", Subpath("/X"));
        var stat = Decide(rules, "file-read-metadata", "/X/y");
        Assert.Equal(RuleAction.Allow, stat.Action);
        Assert.Equal("file-read-metadata", stat.DecidedBy);
        Assert.Equal(RuleAction.Deny, Decide(rules, "file-read-data", "/X/y").Action);
    }

    [Fact]
    public void Specific_filtered_rule_that_does_not_match_falls_back_to_the_parent()
    {
        var rules = new Rules().Allow("file-read-data", Literal("/a")).Deny("file-read*", Subpath("/b")).Allow("default");
        Assert.Equal(RuleAction.Deny, Decide(rules, "file-read-data", "/b/c").Action);
        Assert.Equal(RuleAction.Allow, Decide(rules, "file-read-data", "/a").Action);
    }

    [Fact]
    public void Process_exec_alias_is_process_exec_star_and_covers_the_interpreter()
    {
        var rules = new Rules().Deny("default").Allow("process-exec", Literal("/bin/sh"));
        Assert.Equal(RuleAction.Allow, Decide(rules, "process-exec", "/bin/sh").Action);
        Assert.Equal(RuleAction.Allow, Decide(rules, "process-exec*", "/bin/sh").Action);
        var interpreter = Decide(rules, "process-exec-interpreter", "/bin/sh");
        Assert.Equal(RuleAction.Allow, interpreter.Action);
        Assert.Equal("process-exec*", interpreter.DecidedBy);
    }

    [Fact]
    public void Unknown_operation_falls_back_to_the_nearest_known_wildcard()
    {
        var rules = new Rules().Deny("default").Allow("iokit*");
        var decision = Decide(rules, "iokit-open-something-new");
        Assert.Equal(RuleAction.Allow, decision.Action);
        Assert.Equal("iokit*", decision.DecidedBy);
    }

    [Fact]
    public void Network_bind_falls_back_to_network_inbound()
    {
        var rules = new Rules().Deny("default").Allow("network-inbound", new NetworkFilter(NetworkSide.Local, NetworkProtocol.Ip, NetworkHost.Localhost, 8080));
        var profile = rules.Build();
        var decision = PolicyEngine.Compile(profile).Decide(new AccessRequest("network-bind") { Local = new NetworkEndpoint("tcp", "127.0.0.1", 8080) });
        Assert.Equal(RuleAction.Allow, decision.Action);
        Assert.Equal("network-inbound", decision.DecidedBy);
    }
}
