using Sandboxer.Platforms.Linux.Landlock;
using Sandboxer.Platforms.Tests.Support;
using Sandboxer.Sbpl.Policy;
using static Sandboxer.Platforms.Tests.Support.ProfileBuilder;

namespace Sandboxer.Platforms.Tests.Linux.Landlock.Compilation;

public sealed class LandlockPlanCompilerTests
{
    private const LandlockFsAccess Read = LandlockFsAccess.ReadFile | LandlockFsAccess.ReadDir;

    [Fact]
    public void A_subpath_becomes_one_directory_rule_and_a_literal_file_one_file_rule()
    {
        using var tree = new TempTree("data/a.txt", "data/sub/b.txt", "one.txt", "other.txt");
        var profile = new ProfileBuilder().Allow("file-read*", Subpath(tree["data"])).Allow("file-read*", Literal(tree["one.txt"])).Build();

        var plan = LandlockPlanCompiler.Compile(profile);

        var data = Assert.Single(plan.PathRules, r => r.Path == tree["data"]);
        Assert.True(data.IsDirectory);
        Assert.Equal(Read, data.Access);
        var one = Assert.Single(plan.PathRules, r => r.Path == tree["one.txt"]);
        Assert.Equal(LandlockFsAccess.ReadFile, one.Access);
        Assert.False(plan.Allows(tree["other.txt"], LandlockFsAccess.ReadFile));
        Assert.False(plan.Allows(tree["data/new.txt"], LandlockFsAccess.MakeReg));
    }

    [Fact]
    public void A_deny_inside_an_allowed_directory_is_punched_out()
    {
        using var tree = new TempTree("home/.ssh/id_rsa", "home/docs/a.txt", "home/notes.txt", "home/.sshx/keep.txt");
        var profile = new ProfileBuilder()
            .Allow("file-read* file-write*", Subpath(tree["home"]))
            .Deny("file-read* file-write*", Subpath(tree["home/.ssh"]))
            .Build();

        var plan = LandlockPlanCompiler.Compile(profile);

        Assert.False(plan.Allows(tree["home/.ssh/id_rsa"], LandlockFsAccess.ReadFile));
        Assert.False(plan.Allows(tree["home/.ssh"], LandlockFsAccess.ReadDir));
        Assert.False(plan.Allows(tree["home"], LandlockFsAccess.ReadDir));
        Assert.False(plan.Allows(tree["home/new"], LandlockFsAccess.MakeReg));
        Assert.True(plan.Allows(tree["home/docs/a.txt"], LandlockFsAccess.ReadFile | LandlockFsAccess.WriteFile));
        Assert.True(plan.Allows(tree["home/docs/new.txt"], LandlockFsAccess.MakeReg));
        Assert.True(plan.Allows(tree["home/notes.txt"], LandlockFsAccess.ReadFile | LandlockFsAccess.WriteFile));
        Assert.True(plan.Allows(tree["home/.sshx/keep.txt"], LandlockFsAccess.ReadFile));
        var diagnostic = Assert.Single(plan.Diagnostics, d => d.Code == LandlockDiagnostics.HolePunched);
        Assert.Equal(2, diagnostic.Location?.Start.Line);
    }

    [Fact]
    public void A_literal_directory_is_not_listable_and_says_so()
    {
        using var tree = new TempTree("dir/secret.txt");
        var profile = new ProfileBuilder().Allow("file-read*", Literal(tree["dir"])).Build();

        var plan = LandlockPlanCompiler.Compile(profile);

        Assert.False(plan.Allows(tree["dir"], LandlockFsAccess.ReadDir));
        Assert.False(plan.Allows(tree["dir/secret.txt"], LandlockFsAccess.ReadFile));
        Assert.Contains(plan.Diagnostics, d => d.Code == LandlockDiagnostics.LiteralDirectory);
    }

    [Fact]
    public void A_regex_is_expanded_over_existing_matches_without_granting_its_directory()
    {
        using var tree = new TempTree("logs/a.log", "logs/b.log", "logs/c.txt", "logs/deep/d.log");
        var pattern = "^" + System.Text.RegularExpressions.Regex.Escape(tree["logs"]).Replace("/", "/", StringComparison.Ordinal) + "/[^/]+\\.log$";
        var profile = new ProfileBuilder().Allow("file-read*", Regex(pattern)).Build();

        var plan = LandlockPlanCompiler.Compile(profile);

        Assert.True(plan.Allows(tree["logs/a.log"], LandlockFsAccess.ReadFile));
        Assert.True(plan.Allows(tree["logs/b.log"], LandlockFsAccess.ReadFile));
        Assert.False(plan.Allows(tree["logs/c.txt"], LandlockFsAccess.ReadFile));
        Assert.False(plan.Allows(tree["logs/deep/d.log"], LandlockFsAccess.ReadFile));
        Assert.False(plan.Allows(tree["logs"], LandlockFsAccess.ReadDir));
        Assert.DoesNotContain(plan.PathRules, r => r.Path == tree["logs"]);
    }

    [Fact]
    public void A_missing_path_is_omitted_with_a_warning()
    {
        using var tree = new TempTree("present.txt");
        var profile = new ProfileBuilder().Allow("file-read*", Subpath(tree["absent"])).Build();

        var plan = LandlockPlanCompiler.Compile(profile);

        Assert.DoesNotContain(plan.PathRules, r => r.Path.StartsWith(tree.Root, StringComparison.Ordinal));
        Assert.Contains(plan.Diagnostics, d => d.Code == LandlockDiagnostics.MissingPath && d.Message.Contains(tree["absent"], StringComparison.Ordinal));
    }

    [Fact]
    public void Creating_one_literal_entry_is_not_granted_but_a_writable_subtree_is()
    {
        using var tree = new TempTree("work/out/", "work/keep.txt");
        var profile = new ProfileBuilder()
            .Allow("file-read* file-write*", Literal(tree["work/new.txt"]))
            .Allow("file-read* file-write*", Subpath(tree["work/out"]))
            .Build();

        var plan = LandlockPlanCompiler.Compile(profile);

        Assert.False(plan.Allows(tree["work/new.txt"], LandlockFsAccess.MakeReg));
        Assert.True(plan.Allows(tree["work/out/new.txt"], LandlockFsAccess.MakeReg | LandlockFsAccess.RemoveFile | LandlockFsAccess.Refer));
        Assert.Contains(plan.Diagnostics, d => d.Code == LandlockDiagnostics.PerEntryCreate);
    }

    [Fact]
    public void A_deny_after_a_broader_allow_wins_and_an_allow_after_a_deny_wins_back()
    {
        using var tree = new TempTree("p/a/x.txt", "p/a/keep/y.txt", "p/b.txt");
        var profile = new ProfileBuilder()
            .Allow("file-read*", Subpath(tree["p"]))
            .Deny("file-read-data", Subpath(tree["p/a"]))
            .Allow("file-read-data", Subpath(tree["p/a/keep"]))
            .Build();

        var plan = LandlockPlanCompiler.Compile(profile);

        Assert.True(plan.Allows(tree["p/b.txt"], LandlockFsAccess.ReadFile));
        Assert.False(plan.Allows(tree["p/a/x.txt"], LandlockFsAccess.ReadFile));
        Assert.True(plan.Allows(tree["p/a/keep/y.txt"], LandlockFsAccess.ReadFile));
    }

    [Fact]
    public void Loopback_only_connects_run_in_a_namespace_with_the_ports_relayed()
    {
        var profile = new ProfileBuilder().Allow("network-outbound", Remote(NetworkProtocol.Tcp, NetworkHost.Localhost, 5432)).Build();

        var plan = LandlockPlanCompiler.Compile(profile);

        Assert.True(plan.Network.LoopbackOnly);
        Assert.Equal([5432], plan.Network.HostLoopbackPorts);
        Assert.True(plan.AllowsPort(5432, LandlockNetAccess.ConnectTcp));
        Assert.False(plan.AllowsPort(5433, LandlockNetAccess.ConnectTcp));
        Assert.False(plan.AllowsPort(8080, LandlockNetAccess.BindTcp));
    }

    [Fact]
    public void External_ports_are_granted_without_a_namespace_and_localhost_only_ones_are_reported()
    {
        var profile = new ProfileBuilder()
            .Allow("network-outbound", Remote(NetworkProtocol.Tcp, NetworkHost.Any, 443))
            .Allow("network-outbound", Remote(NetworkProtocol.Tcp, NetworkHost.Localhost, 5432))
            .Build();

        var plan = LandlockPlanCompiler.Compile(profile);

        Assert.False(plan.Network.LoopbackOnly);
        Assert.True(plan.AllowsPort(443, LandlockNetAccess.ConnectTcp));
        Assert.False(plan.AllowsPort(5432, LandlockNetAccess.ConnectTcp));
        Assert.Contains(plan.Diagnostics, d => d.Code == LandlockDiagnostics.NetworkHosts && d.Message.Contains("5432", StringComparison.Ordinal));
        Assert.Contains(plan.Diagnostics, d => d.Code == LandlockDiagnostics.NotEnforced && d.Message.Contains("UDP", StringComparison.Ordinal));
    }

    [Fact]
    public void Operations_linux_cannot_enforce_are_listed_once()
    {
        var profile = new ProfileBuilder().Allow("file-read*", Subpath("/usr")).Allow("mach-lookup").Build();

        var plan = LandlockPlanCompiler.Compile(profile);

        var unenforced = Assert.Single(plan.Diagnostics, d => d.Code == LandlockDiagnostics.NotEnforced && d.Message.Contains("cannot enforce", StringComparison.Ordinal));
        Assert.Contains("file-read-metadata (stat, access, readlink)", unenforced.Message, StringComparison.Ordinal);
        Assert.Contains("process-fork", unenforced.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("file-map-executable", unenforced.Message, StringComparison.Ordinal);
        Assert.Contains(plan.Diagnostics, d => d.Code == LandlockDiagnostics.NotApplicable && d.Message.Contains("mach-lookup", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unfiltered_allow_with_a_deny_is_split_from_the_root_down()
    {
        using var tree = new TempTree("u/.ssh/id", "u/code/main.c");
        var profile = new ProfileBuilder().Allow("file-read*").Deny("file-read*", Subpath(tree["u/.ssh"])).Build();

        var plan = LandlockPlanCompiler.Compile(profile);

        Assert.True(plan.Allows("/usr/bin/cat", LandlockFsAccess.ReadFile));
        Assert.True(plan.Allows(tree["u/code/main.c"], LandlockFsAccess.ReadFile));
        Assert.False(plan.Allows(tree["u/.ssh/id"], LandlockFsAccess.ReadFile));
        Assert.False(plan.Allows("/", LandlockFsAccess.ReadDir));
    }
}
