using Sandboxer.Platforms.Linux.Landlock;

namespace Sandboxer.Platforms.Tests.Linux.Landlock;

[Collection(ThreadInspectionGroup.Name)]
public sealed class ConfinedLauncherTests
{
    [Fact]
    public async Task A_file_outside_the_plan_is_denied_and_one_inside_is_read()
    {
        var plan = TestPlans.Basics(TestPlans.File("/etc/passwd", LandlockFsAccess.ReadFile));

        var denied = await LaunchHelper.RunAsync(plan, "/usr/bin/cat", "/etc/hostname");
        var allowed = await LaunchHelper.RunAsync(plan, "/usr/bin/cat", "/etc/passwd");

        Assert.Equal(1, denied.ExitCode);
        Assert.Contains("Permission denied", denied.Error, StringComparison.Ordinal);
        Assert.Equal(0, allowed.ExitCode);
        Assert.Contains("root:", allowed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_tool_process_stays_unrestricted_after_many_launches()
    {
        var plan = TestPlans.Basics();
        for (var i = 0; i < 40; i++)
        {
            var run = await LaunchHelper.RunAsync(plan, "/usr/bin/true");
            Assert.Equal(0, run.ExitCode);
            Assert.Empty(run.Process.RestrictedToolThreads);
        }

        // The tool can still read what the sandbox could not.
        Assert.NotEmpty(await File.ReadAllTextAsync("/etc/hostname", TestContext.Current.CancellationToken));
        // The last launch's enforcing thread may still be exiting (it stays listed for a moment after its work is
        // done); a restricted thread that lasts would be the bug.
        var restricted = ConfinedLauncher.FindRestrictedToolThreads();
        for (var attempt = 0; attempt < 40 && restricted.Count > 0; attempt++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
            restricted = ConfinedLauncher.FindRestrictedToolThreads();
        }

        Assert.Empty(restricted);
    }

    [Fact]
    public async Task A_binary_the_plan_does_not_allow_to_execute_cannot_be_started()
    {
        var plan = TestPlans.Basics() with
        {
            PathRules = [TestPlans.Dir("/usr", LandlockFsAccess.ReadFile | LandlockFsAccess.ReadDir), TestPlans.File("/etc/ld.so.cache", LandlockFsAccess.ReadFile)],
        };

        var exception = await Assert.ThrowsAsync<SpawnFailedException>(() => LaunchHelper.RunAsync(plan, "/usr/bin/true"));

        Assert.True(exception.DeniedBySandbox);
        Assert.Equal("EACCES", exception.ErrnoName);
    }

    [Fact]
    public async Task Exit_codes_and_signals_are_propagated()
    {
        var plan = TestPlans.Basics();

        var exited = await LaunchHelper.RunAsync(plan, "/usr/bin/sh", "-c", "exit 7");
        var killed = await LaunchHelper.RunAsync(plan, "/usr/bin/sh", "-c", "kill -TERM $$");

        Assert.Equal(7, exited.ExitCode);
        Assert.Equal(128 + 15, killed.ExitCode);
    }
}
