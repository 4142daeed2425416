using Sandboxer.Platforms.Linux.Enforcement;
using Sandboxer.Platforms.Linux.Landlock.Audit;
using Sandboxer.Platforms.Tests.Linux.Enforcement;
using Sandboxer.Platforms.Tests.Support;
using Sandboxer.Sbpl.Policy;
using static Sandboxer.Platforms.Tests.Support.ProfileBuilder;

namespace Sandboxer.Platforms.Tests.Linux.Landlock;

/// <summary>Real programs under a compiled profile, with denials from the audit records (as root, when free) and from strace inside the sandbox.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RealProgramTests
{
    private const string Script = "import json; print(json.dumps({'ok': 1}))";

    /// <summary>The standard library of the system Python (<c>/usr/lib/python3.X</c> for <c>/usr/bin/python3.X</c>).</summary>
    private static readonly string StandardLibrary =
        "/usr/lib/" + Path.GetFileName(Sandboxer.Platforms.Linux.Landlock.Native.FileDescriptors.RealPath("/usr/bin/python3") ?? "/usr/bin/python3");

    [Theory]
    [InlineData("Cheapest")]
    [InlineData("Trace")]
    public async Task Python_runs_normally_under_a_sufficient_profile(string source)
    {
        var profile = new ProfileBuilder().RuntimeBasics().Build();

        var (code, output, _, denials) = await RunAsync(profile, source, "/usr/bin/python3", "-c", Script);

        Assert.Equal(0, code);
        Assert.Equal("{\"ok\": 1}\n", output);
        Assert.DoesNotContain(denials, d => d.Event.Path?.StartsWith("/usr/", StringComparison.Ordinal) == true);
    }

    [Theory]
    [InlineData("Cheapest")]
    [InlineData("Trace")]
    public async Task Python_fails_under_an_insufficient_profile_with_a_denial_naming_the_rule(string source)
    {
        var profile = new ProfileBuilder()
            .RuntimeBasics()
            .Deny("file-read*", Subpath(StandardLibrary))
            .Build();

        var (code, _, error, denials) = await RunAsync(profile, source, "/usr/bin/python3", "-c", Script);

        Assert.NotEqual(0, code);
        Assert.Contains("encodings", error, StringComparison.Ordinal);
        var stdlib = denials.First(d => d.Event.Path?.StartsWith(StandardLibrary + "/", StringComparison.Ordinal) == true);
        Assert.Equal(DenialCause.Profile, stdlib.Cause);
        Assert.Equal(3, stdlib.Decision?.Rule?.Index);
        Assert.Contains("/test/profile.sb:4:1", stdlib.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Cheapest")]
    [InlineData("Trace")]
    public async Task Sh_and_cat_run_under_a_sufficient_profile_and_cat_is_denied_outside_it(string source)
    {
        using var tree = new TempTree("data/in.txt");
        var profile = new ProfileBuilder().RuntimeBasics().Allow("file-read*", Subpath(tree["data"])).Build();

        var (ok, output, _, _) = await RunAsync(profile, source, "/usr/bin/sh", "-c", $"cat {tree["data/in.txt"]}");
        var (denied, _, _, denials) = await RunAsync(profile, source, "/usr/bin/sh", "-c", "cat /etc/hostname");

        Assert.Equal(0, ok);
        Assert.Equal("content of data/in.txt\n", output);
        Assert.Equal(1, denied);
        var hostname = Assert.Single(denials, d => d.Event.Path == "/etc/hostname");
        Assert.Equal("cat", hostname.Event.Process);
        Assert.Equal("fs.read_file", hostname.Blocker);
        Assert.Equal(DenialCause.Profile, hostname.Cause);
        Assert.Contains("by default", hostname.Explanation, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error, IReadOnlyList<ExplainedDenial> Denials)> RunAsync(Profile profile, string source, string executable, params string[] arguments)
    {
        var (result, output, error) = await ConfinedRunHarness.RunAsync(profile, Enum.Parse<DenialCollection>(source), "/", [executable, .. arguments]);
        Assert.Null(result.DenialsUnavailableReason);
        Assert.NotEqual(DenialCollection.None, result.DenialSource);
        return (result.Outcome.ExitCode, output, error, result.Denials);
    }
}
