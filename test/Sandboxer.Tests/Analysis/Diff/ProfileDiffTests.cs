using Sandboxer.Analysis.Diff;
using Sandboxer.Sbpl.Policy;
using Sandboxer.Tests.Support;
using static Sandboxer.Tests.Support.Rules;

namespace Sandboxer.Tests.Analysis.Diff;

public sealed class ProfileDiffTests
{
    private static Rules Base() => new Rules().Deny("default")
        .Allow("file-read*", Subpath("/usr"))
        .Allow("file-read* file-write*", Subpath("/work"))
        .Allow("mach-lookup", GlobalName("com.apple.x"))
        .Allow("network-outbound", new NetworkFilter(NetworkSide.Remote, NetworkProtocol.Tcp, NetworkHost.Localhost, 8080));

    [Fact]
    public void Same_profile_has_no_difference() =>
        Assert.True(ProfileDiff.Compare(Base().Build(), Base().Build()).Identical);

    [Fact]
    public void Reordering_rules_that_do_not_overlap_is_no_difference()
    {
        var reordered = new Rules().Deny("default")
            .Allow("network-outbound", new NetworkFilter(NetworkSide.Remote, NetworkProtocol.Tcp, NetworkHost.Localhost, 8080))
            .Allow("mach-lookup", GlobalName("com.apple.x"))
            .Allow("file-read* file-write*", Subpath("/work"))
            .Allow("file-read*", Subpath("/usr"));
        Assert.True(ProfileDiff.Compare(Base().Build(), reordered.Build()).Identical);
    }

    [Fact]
    public void Carve_out_reports_exactly_the_carved_subpath()
    {
        var carved = Base().Deny("file-read*", Subpath("/usr/secret"));
        var entry = Assert.Single(ProfileDiff.Compare(Base().Build(), carved.Build()).Differences);
        Assert.Equal("file-read*", entry.Operation);
        Assert.Equal(new DiffTarget("path", "/usr/secret", "subpath"), entry.Target);
        Assert.Equal(DiffSide.A, entry.AllowedBy);
        Assert.True(entry.IsCertain);
        Assert.Equal(5, entry.InB.Rule!.Index);
    }

    [Fact]
    public void Literal_change_reports_the_literal_only()
    {
        var more = Base().Allow("file-read-data", Literal("/etc/hosts"));
        var entry = Assert.Single(ProfileDiff.Compare(Base().Build(), more.Build()).Differences);
        Assert.Equal("file-read-data", entry.Operation);
        Assert.Equal(new DiffTarget("path", "/etc/hosts"), entry.Target);
        Assert.Equal(DiffSide.B, entry.AllowedBy);
    }

    [Fact]
    public void Name_and_port_changes_are_reported()
    {
        var changed = new Rules().Deny("default")
            .Allow("file-read*", Subpath("/usr"))
            .Allow("file-read* file-write*", Subpath("/work"))
            .Allow("mach-lookup", GlobalName("com.apple.y"))
            .Allow("network-outbound", new NetworkFilter(NetworkSide.Remote, NetworkProtocol.Tcp, NetworkHost.Localhost, 9090));
        var differences = ProfileDiff.Compare(Base().Build(), changed.Build()).Differences;
        Assert.Contains(differences, d => d.Operation == "mach-lookup" && d.Target == new DiffTarget("name", "com.apple.x") && d.AllowedBy == DiffSide.A);
        Assert.Contains(differences, d => d.Operation == "mach-lookup" && d.Target == new DiffTarget("name", "com.apple.y") && d.AllowedBy == DiffSide.B);
        Assert.Contains(differences, d => d.Operation == "network-outbound" && d.Target == new DiffTarget("remote", "tcp:127.0.0.1:8080") && d.AllowedBy == DiffSide.A);
        Assert.Contains(differences, d => d.Operation == "network-outbound" && d.Target == new DiffTarget("remote", "tcp:127.0.0.1:9090") && d.AllowedBy == DiffSide.B);
        Assert.DoesNotContain(differences, d => d.Operation.StartsWith("file", StringComparison.Ordinal));
    }

    [Fact]
    public void Default_flip_is_reported_once_for_default()
    {
        var differences = ProfileDiff.Compare(new Rules().Deny("default").Build(), new Rules().Allow("default").Build()).Differences;
        var entry = Assert.Single(differences);
        Assert.Equal("default", entry.Operation);
        Assert.Equal(DiffTarget.Other, entry.Target);
        Assert.Equal(DiffSide.B, entry.AllowedBy);
    }

    [Fact]
    public void Unfiltered_operation_change_is_reported()
    {
        var entry = Assert.Single(ProfileDiff.Compare(Base().Build(), Base().Allow("process-fork").Build()).Differences);
        Assert.Equal("process-fork", entry.Operation);
        Assert.Equal(DiffTarget.Other, entry.Target);
    }

    [Fact]
    public void Regex_witness_finds_a_regex_change()
    {
        var differences = ProfileDiff.Compare(Base().Build(), Base().Allow("file-read*", Regex(@"^/dev/ttys[0-9]+$")).Build()).Differences;
        Assert.Contains(differences, d => d.Operation == "file-read*" && d.Target.Kind == "path" && d.Target.Value.StartsWith("/dev/ttys", StringComparison.Ordinal));
    }
}
