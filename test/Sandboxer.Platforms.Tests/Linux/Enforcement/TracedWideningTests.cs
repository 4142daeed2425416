using Sandboxer.Platforms.Linux.Enforcement;
using Sandboxer.Platforms.Linux.Landlock;
using Sandboxer.Platforms.Linux.Landlock.Audit;
using Sandboxer.Platforms.Tests.Support;
using static Sandboxer.Platforms.Tests.Support.ProfileBuilder;

namespace Sandboxer.Platforms.Tests.Linux.Enforcement;

/// <summary>
/// A traced run may get per-directory rights on the directory (git's lock files): the program works, and everything the
/// widening lets through that the profile does not allow is still reported as a denial.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class TracedWideningTests
{
    [Fact]
    public void The_strict_plan_cannot_grant_one_lock_file_and_the_widened_plan_grants_its_directory_only()
    {
        using var tree = new TempTree("repo/HEAD");
        var profile = LockFileProfile(tree);

        var strict = LandlockPlanCompiler.Compile(profile);
        var widened = LandlockPlanCompiler.Compile(profile, widening: new TracedWidening(tree["home"]));

        Assert.False(strict.Allows(tree["repo"], LandlockFsAccess.MakeReg));
        Assert.Contains(strict.Diagnostics, d => d.Code == LandlockDiagnostics.PerEntryCreate);
        Assert.True(strict.Widenings.IsEmpty);

        var widening = Assert.Single(widened.Widenings);
        Assert.Equal(tree["repo"], widening.Path);
        Assert.True(widened.Allows(tree["repo"], LandlockFsAccess.MakeReg | LandlockFsAccess.RemoveFile));
        Assert.False(widened.Allows(tree.Root, LandlockFsAccess.MakeReg));
        Assert.Equal(strict.PathRules, widened.Strict.PathRules);
        Assert.Contains(widened.Diagnostics, d => d.Code == LandlockDiagnostics.TracedWidening && d.Message.Contains(tree["repo"], StringComparison.Ordinal));
        Assert.DoesNotContain(widened.Diagnostics, d => d.Code == LandlockDiagnostics.PerEntryCreate);
    }

    [Fact]
    public void Nothing_is_widened_onto_a_directory_that_holds_a_sensitive_location()
    {
        using var tree = new TempTree("home/.ssh/id_ed25519", "home/.bash_history");
        var profile = new ProfileBuilder()
            .RuntimeBasics()
            .Allow("file-read* file-write-data file-write-create file-write-unlink", Literal(tree["home/.bash_history.tmp"]))
            .Build();

        var widened = LandlockPlanCompiler.Compile(profile, widening: new TracedWidening(tree["home"]));

        Assert.True(widened.Widenings.IsEmpty);
        Assert.False(widened.Allows(tree["home"], LandlockFsAccess.MakeReg));
    }

    [Fact]
    public async Task A_widened_traced_run_lets_the_lock_file_through_and_reports_the_entry_the_profile_denies()
    {
        using var tree = new TempTree("repo/HEAD", "home/");
        var profile = LockFileProfile(tree);
        var run = ConfinedRun.Prepare(profile, new ConfinedRunOptions { Denials = DenialCollection.Cheapest, Widening = new TracedWidening(tree["home"]) });

        var (result, _, error) = await ConfinedRunHarness.RunAsync(
            run, tree["repo"], "sh", "-c", "echo x > index.lock && mv index.lock HEAD && echo y > stray.txt");

        Assert.False(run.Plan.Widenings.IsEmpty);
        Assert.True(result.Outcome.ExitCode == 0, error);
        Assert.Equal(DenialCollection.Trace, result.DenialSource);
        Assert.Equal("x\n", File.ReadAllText(tree["repo/HEAD"]));
        var inRepo = result.ProfileDenials.Where(d => d.Event.Path?.StartsWith(tree["repo"], StringComparison.Ordinal) == true).ToList();
        Assert.Equal(["file-write-create", "file-write-data"], inRepo.Select(d => d.Event.Operation).Order(StringComparer.Ordinal));
        Assert.All(inRepo, d =>
        {
            Assert.Equal(tree["repo/stray.txt"], d.Event.Path);
            Assert.True(d.Event.Result.IsDenied);
            Assert.Contains("directory-wide grant", d.Explanation, StringComparison.Ordinal);
        });
        Assert.DoesNotContain(result.ProfileDenials, d => d.Event.Path == tree["repo/index.lock"]);
    }

    [Fact]
    public async Task Without_a_widening_the_same_run_is_refused_by_Landlock()
    {
        using var tree = new TempTree("repo/HEAD", "home/");
        var profile = LockFileProfile(tree);

        var (result, _, _) = await ConfinedRunHarness.RunAsync(profile, DenialCollection.Trace, tree["repo"], "sh", "-c", "echo x > index.lock");

        Assert.NotEqual(0, result.Outcome.ExitCode);
        Assert.Contains(result.Denials, d => d.Cause == DenialCause.CompiledStricter && d.Event.Path == tree["repo/index.lock"]);
        Assert.False(File.Exists(tree["repo/index.lock"]));
    }

    private static Sandboxer.Sbpl.Policy.Profile LockFileProfile(TempTree tree) => new ProfileBuilder()
        .RuntimeBasics()
        .Allow("file-read-metadata", Subpath(tree.Root))
        .Allow("file-read-data", Literal(tree["repo/HEAD"]))
        .Allow("file-read-data file-write-data file-write-create file-write-unlink", Literal(tree["repo/index.lock"]))
        .Allow("file-write-data file-write-create file-write-unlink", Literal(tree["repo/HEAD"]))
        .Build();
}
