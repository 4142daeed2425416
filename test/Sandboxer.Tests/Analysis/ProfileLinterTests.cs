using Sandboxer.Analysis;
using Sandboxer.Diagnostics;
using Sandboxer.Sbpl.Policy;
using Sandboxer.Tests.Support;
using static Sandboxer.Tests.Support.Rules;

namespace Sandboxer.Tests.Analysis;

public sealed class ProfileLinterTests
{
    private const string Home = "/Users/alice";

    private static IReadOnlyList<Diagnostic> Lint(Rules rules) => ProfileLinter.Lint(rules.Build(), new LintOptions(Home));

    private static IEnumerable<string> Codes(Rules rules) => Lint(rules).Select(d => d.Code);

    [Fact]
    public void Tight_profile_has_no_findings()
    {
        var rules = new Rules().Deny("default")
            .Allow("file-read*", Subpath("/usr/lib"))
            .Allow("file-read* file-write*", Subpath(Home + "/project"))
            .Allow("file-read-metadata", Subpath("/"))
            .Allow("network-outbound", new NetworkFilter(NetworkSide.Remote, NetworkProtocol.Tcp, NetworkHost.Localhost, 8080));
        Assert.Empty(Lint(rules));
    }

    [Fact]
    public void Allow_default_is_flagged_together_with_every_secret_it_opens()
    {
        var findings = Lint(new Rules().Allow("default"));
        Assert.Contains(findings, d => d.Code == LintCodes.AllowDefault);
        var read = Assert.Single(findings, d => d.Code == LintCodes.SecretReadable);
        Assert.Contains("~/.ssh", read.Message, StringComparison.Ordinal);
        Assert.Contains(findings, d => d.Code == LintCodes.SecretWritable);
    }

    [Theory]
    [InlineData("file-read*")]
    [InlineData("file-write*")]
    [InlineData("file*")]
    [InlineData("network*")]
    public void Unfiltered_broad_allows_are_flagged(string operation) =>
        Assert.Contains(LintCodes.UnfilteredBroadAllow, Codes(new Rules().Deny("default").Allow(operation)));

    [Fact]
    public void Unfiltered_metadata_read_is_not_flagged() =>
        Assert.DoesNotContain(LintCodes.UnfilteredBroadAllow, Codes(new Rules().Deny("default").Allow("file-read-metadata")));

    [Theory]
    [InlineData("/")]
    [InlineData(Home)]
    [InlineData("/Users")]
    public void Rules_on_root_or_home_are_flagged(string path) =>
        Assert.Contains(LintCodes.RootOrHome, Codes(new Rules().Deny("default").Allow("file-read*", Subpath(path))));

    [Theory]
    [InlineData("/tmp/x")]
    [InlineData("/var/folders")]
    [InlineData("/etc/hosts")]
    public void Paths_under_symlinked_roots_are_flagged(string path)
    {
        var finding = Assert.Single(Lint(new Rules().Deny("default").Allow("file-read*", Subpath(path))), d => d.Code == LintCodes.SymlinkedPath);
        Assert.Contains("/private" + path, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Symlink_itself_and_private_paths_are_not_flagged()
    {
        var rules = new Rules().Deny("default").Allow("file-read-metadata", Literal("/tmp")).Allow("file-read*", Subpath("/private/tmp"));
        Assert.DoesNotContain(LintCodes.SymlinkedPath, Codes(rules));
    }

    [Fact]
    public void Regex_on_a_symlinked_root_and_glob_like_regexes_are_flagged()
    {
        var codes = Codes(new Rules().Deny("default").Allow("file-read*", Regex(@"^/tmp/com\.apple")).Allow("file-read*", Regex("/Users/*/Library")));
        Assert.Contains(LintCodes.SymlinkedPath, codes);
        Assert.Contains(LintCodes.GlobLikeRegex, codes);
    }

    [Fact]
    public void Unrestricted_outbound_is_flagged()
    {
        Assert.Contains(LintCodes.UnrestrictedOutbound, Codes(new Rules().Deny("default").Allow("network-outbound")));
        Assert.Contains(LintCodes.UnrestrictedOutbound, Codes(new Rules().Deny("default")
            .Allow("network-outbound", new NetworkFilter(NetworkSide.Remote, NetworkProtocol.Ip, NetworkHost.Any, null))));
        Assert.DoesNotContain(LintCodes.UnrestrictedOutbound, Codes(new Rules().Deny("default")
            .Allow("network-outbound", new NetworkFilter(NetworkSide.Remote, NetworkProtocol.Tcp, NetworkHost.Any, 443))));
    }

    [Fact]
    public void Secret_reachable_names_the_allowing_rule_and_is_silenced_by_a_later_deny()
    {
        var open = new Rules().Deny("default").Allow("file-read*", Subpath(Home));
        var finding = Assert.Single(Lint(open), d => d.Code == LintCodes.SecretReadable);
        Assert.Contains("~/.aws", finding.Message, StringComparison.Ordinal);

        var closed = new Rules().Deny("default").Allow("file-read*", Subpath(Home))
            .Deny("file-read*", Any([.. SensitiveLocations.All.Select(l => (Filter)Subpath(l.Resolve(Home, TargetPlatform.MacOS)))]));
        Assert.DoesNotContain(LintCodes.SecretReadable, Codes(closed));
    }

    [Fact]
    public void Write_to_shell_startup_files_is_flagged()
    {
        var finding = Assert.Single(Lint(new Rules().Deny("default").Allow("file-write*", Literal(Home + "/.zshrc"))), d => d.Code == LintCodes.SecretWritable);
        Assert.Contains("~/.zshrc", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Creating_a_launch_agent_is_flagged_even_without_write_data()
    {
        var rules = new Rules().Deny("default").Allow("file-write-create", Subpath(Home + "/Library/LaunchAgents"));
        var finding = Assert.Single(Lint(rules), d => d.Code == LintCodes.SecretWritable);
        Assert.Contains("~/Library/LaunchAgents", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Undecidable_reach_is_reported_as_possible()
    {
        var rules = new Rules().Deny("default").Allow("file-read*", All(Subpath(Home + "/.ssh"), Attribute("vnode-type", "REGULAR-FILE")));
        var finding = Assert.Single(Lint(rules), d => d.Code == LintCodes.SecretReadable);
        Assert.StartsWith("may allow reading", finding.Message, StringComparison.Ordinal);
        Assert.Contains("undecidable", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trailing_slash_patterns_are_flagged() =>
        Assert.Contains(LintCodes.TrailingSlash, Codes(new Rules().Deny("default").Allow("file-read*", Subpath("/usr/lib/"))));
}
