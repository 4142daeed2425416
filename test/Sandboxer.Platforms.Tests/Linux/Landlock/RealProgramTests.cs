using System.IO.Pipes;
using Sandboxer.Platforms.Linux.Landlock;
using Sandboxer.Platforms.Linux.Landlock.Audit;
using Sandboxer.Platforms.Tests.Support;
using Sandboxer.Sbpl.Policy;
using static Sandboxer.Platforms.Tests.Support.ProfileBuilder;

namespace Sandboxer.Platforms.Tests.Linux.Landlock;

public sealed class RealProgramTests
{
    private const string Script = "import json; print(json.dumps({'ok': 1}))";

    /// <summary>The standard library of the system Python (<c>/usr/lib/python3.X</c> for <c>/usr/bin/python3.X</c>).</summary>
    private static readonly string StandardLibrary =
        "/usr/lib/" + Path.GetFileName(Sandboxer.Platforms.Linux.Landlock.Native.FileDescriptors.RealPath("/usr/bin/python3") ?? "/usr/bin/python3");

    [Fact]
    public async Task Python_runs_normally_under_a_sufficient_profile()
    {
        var profile = new ProfileBuilder().RuntimeBasics().Build();

        var (code, output, _, denials) = await RunAsync(profile, "/usr/bin/python3", "-c", Script);

        Assert.Equal(0, code);
        Assert.Equal("{\"ok\": 1}\n", output);
        Assert.DoesNotContain(denials, d => d.Event.Path?.StartsWith("/usr/", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Python_fails_under_an_insufficient_profile_with_a_denial_naming_the_rule()
    {
        var profile = new ProfileBuilder()
            .RuntimeBasics()
            .Deny("file-read*", Subpath(StandardLibrary))
            .Build();

        var (code, _, error, denials) = await RunAsync(profile, "/usr/bin/python3", "-c", Script);

        Assert.NotEqual(0, code);
        Assert.Contains("encodings", error, StringComparison.Ordinal);
        var explainer = new DenialExplainer(profile);
        var stdlib = denials.Select(explainer.Explain).First(d => d.Event.Path?.StartsWith(StandardLibrary + "/", StringComparison.Ordinal) == true);
        Assert.Equal(DenialCause.Profile, stdlib.Cause);
        Assert.Equal(3, stdlib.Decision?.Rule?.Index);
        Assert.Contains("/test/profile.sb:4:1", stdlib.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sh_and_cat_run_under_a_sufficient_profile_and_cat_is_denied_outside_it()
    {
        using var tree = new TempTree("data/in.txt");
        var profile = new ProfileBuilder().RuntimeBasics().Allow("file-read*", Subpath(tree["data"])).Build();

        var (ok, output, _, _) = await RunAsync(profile, "/usr/bin/sh", "-c", $"cat {tree["data/in.txt"]}");
        var (denied, _, _, denials) = await RunAsync(profile, "/usr/bin/sh", "-c", "cat /etc/hostname");

        Assert.Equal(0, ok);
        Assert.Equal("content of data/in.txt\n", output);
        Assert.Equal(1, denied);
        var hostname = Assert.Single(denials, d => d.Event.Path == "/etc/hostname");
        Assert.Equal("cat", hostname.Event.Process);
        Assert.Contains("by default", new DenialExplainer(profile).Explain(hostname).Explanation, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error, IReadOnlyList<LandlockDenial> Denials)> RunAsync(Profile profile, string executable, params string[] arguments)
    {
        var plan = LandlockPlanCompiler.Compile(profile);
        using var stdout = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.None);
        using var stderr = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.None);
        var request = new SpawnRequest(executable, [Path.GetFileName(executable), .. arguments], new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["LANG"] = "C.UTF-8" }, "/")
        {
            StandardOutputFd = (int)stdout.ClientSafePipeHandle.DangerousGetHandle(),
            StandardErrorFd = (int)stderr.ClientSafePipeHandle.DangerousGetHandle(),
        };
        await using var sandbox = LandlockSandbox.Start(plan, request, new SandboxOptions { CollectDenials = true });
        stdout.DisposeLocalCopyOfClientHandle();
        stderr.DisposeLocalCopyOfClientHandle();
        using var outReader = new StreamReader(stdout);
        using var errReader = new StreamReader(stderr);
        var output = outReader.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = errReader.ReadToEndAsync(TestContext.Current.CancellationToken);
        var code = await sandbox.WaitForExitAsync(TestContext.Current.CancellationToken);
        var denials = await sandbox.CollectDenialsAsync(TestContext.Current.CancellationToken);
        Assert.Null(sandbox.DenialsUnavailableReason);
        return (code, await output, await error, denials);
    }
}
