using Sandboxer.Platforms.MacOS.Collector;
using Sandboxer.Platforms.MacOS.Driver;
using Sandboxer.Platforms.Tests.MacOS.Driver;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Platforms.Tests.MacOS.Collector;

public sealed class MacSandboxRunnerTests
{
    private static readonly SandboxEnvironment Mac = new("/Users/ana", "/Users/ana/project", "/var/folders/xx/yy/T/");

    private static MacRunRequest Request(params SourceText[] profiles) =>
        new(profiles, new Dictionary<string, string> { ["CACHE"] = "/Users/ana/.cache" }, ["/usr/bin/make", "-j2"], Mac, MacStdio.PassThrough);

    [Fact]
    public async Task Runs_the_concatenated_untagged_profile_with_the_exact_command_line()
    {
        var platform = new ScriptedMacSandboxPlatform(run => ScriptedResponse.Exit(2));
        var run = await new MacSandboxRunner(platform, FakePathResolver.MacOS, TimeSpan.FromMinutes(1)).RunAsync(
            Request(new SourceText("(version 1)\n(deny default)\n", "/Users/ana/common.sb"), new SourceText("(allow process-exec)\n", "/Users/ana/make.sb")),
            TestContext.Current.CancellationToken);

        Assert.Equal(new TargetExited(2), run.Outcome);
        var profile = Assert.Single(platform.ExecutedProfiles);
        Assert.Equal("(version 1)\n(deny default)\n(allow process-exec)\n", profile);
        Assert.Equal(
            [
                "/usr/bin/sandbox-exec", "-f", run.Argv[2],
                "-D", "CACHE=/Users/ana/.cache", "-D", "HOME=/Users/ana", "-D", "TMPDIR=/private/var/folders/xx/yy/T", "-D", "WORKING_DIR=/Users/ana/project",
                "--", "/usr/bin/make", "-j2",
            ],
            run.Argv);
        Assert.StartsWith(ScriptedMacSandboxPlatform.TemporaryDirectory + "/sandboxer-sbx_", run.Argv[2], StringComparison.Ordinal);
        Assert.Equal([MacStdio.PassThrough], platform.StdioModes);
        Assert.Equal(["/Users/ana/project"], platform.WorkingDirectories);
        Assert.Empty(platform.Files);
    }

    [Fact]
    public async Task Classifies_failures_and_maps_compile_errors_to_the_users_file()
    {
        var platform = new ScriptedMacSandboxPlatform(run => new ScriptedResponse(65, $"sandbox-exec: unbound variable: bogus at {run.Argv[2]}, line 3\n", []));
        var run = await new MacSandboxRunner(platform, FakePathResolver.MacOS, TimeSpan.FromMinutes(1)).RunAsync(
            Request(new SourceText("(version 1)\n(deny default)\n", "/Users/ana/common.sb"), new SourceText("(allow bogus)\n", "/Users/ana/make.sb")),
            TestContext.Current.CancellationToken);

        var rejected = Assert.IsType<ProfileRejected>(run.Outcome);
        Assert.Equal(("/Users/ana/make.sb", 1), (rejected.Location!.Path, rejected.Location.Start.Line));

        var nested = await new MacSandboxRunner(new ScriptedMacSandboxPlatform(_ => ScriptedResponse.Exit(0)) { Nested = true }, FakePathResolver.MacOS, TimeSpan.FromMinutes(1))
            .RunAsync(Request(new SourceText("(version 1)(allow default)", "/p.sb")), TestContext.Current.CancellationToken);
        Assert.IsType<NestedSandbox>(nested.Outcome);
    }
}
