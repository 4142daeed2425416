using Sandboxer.Platforms.Linux.Enforcement;
using Sandboxer.Platforms.Linux.Landlock.Audit;
using Sandboxer.Platforms.Tests.Support;
using static Sandboxer.Platforms.Tests.Support.ProfileBuilder;

namespace Sandboxer.Platforms.Tests.Linux.Enforcement;

/// <summary>Denials seen by strace running inside the target's Landlock domain: exact objects, calls and processes, also without audit.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class StraceInDomainTests
{
    [Fact]
    public async Task A_denied_create_names_the_file_itself_the_call_and_the_process()
    {
        using var tree = new TempTree("out/", "work/");
        var profile = new ProfileBuilder()
            .RuntimeBasics()
            .Allow("file-read*", Subpath(tree.Root))
            .Build();

        var (result, _, error) = await ConfinedRunHarness.RunAsync(
            profile, DenialCollection.Trace, tree["work"], "python3", "-c", $"open('{tree["out/report.txt"]}', 'w').write('x')");

        Assert.Equal(DenialCollection.Trace, result.DenialSource);
        Assert.Equal(1, result.Outcome.ExitCode);
        Assert.Contains("PermissionError", error, StringComparison.Ordinal);
        var create = Assert.Single(result.ProfileDenials, d => d.Event.Operation == "file-write-create");
        Assert.Equal(tree["out/report.txt"], create.Event.Path);
        Assert.Equal("openat", create.Event.Syscall);
        Assert.Equal("python3", create.Event.Process);
        Assert.Equal("fs.make_reg", create.Blocker);
        Assert.True(create.Event.Result.IsDenied);
        Assert.Contains("by default", create.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Denials, d => d.Cause == DenialCause.NotSandbox);
    }

    [Fact]
    public async Task A_rename_target_and_a_denied_read_are_named_exactly()
    {
        using var tree = new TempTree("src/a.txt", "dst/");
        var profile = new ProfileBuilder()
            .RuntimeBasics()
            .Allow("file-read* file-write*", Subpath(tree["src"]))
            .Allow("file-read-metadata", Subpath(tree["dst"]))
            .Build();

        var (result, _, _) = await ConfinedRunHarness.RunAsync(
            profile, DenialCollection.Trace, tree.Root, "sh", "-c", $"cat /etc/hostname; mv {tree["src/a.txt"]} {tree["dst/b.txt"]}");

        Assert.NotEqual(0, result.Outcome.ExitCode);
        var read = Assert.Single(result.ProfileDenials, d => d.Event.Path == "/etc/hostname");
        Assert.Equal(("file-read-data", "cat", "fs.read_file"), (read.Event.Operation, read.Event.Process, read.Blocker));
        Assert.Contains(result.ProfileDenials, d => d.Event.Operation == "file-write-create" && d.Event.Path == tree["dst/b.txt"] && d.Event.Process == "mv");
        Assert.True(File.Exists(tree["src/a.txt"]));
    }

    [Fact]
    public async Task A_refusal_by_file_permissions_is_reported_but_not_as_a_sandbox_denial()
    {
        using var tree = new TempTree("tool.sh");
        File.SetUnixFileMode(tree["tool.sh"], UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var profile = new ProfileBuilder()
            .RuntimeBasics()
            .Allow("file-read* process-exec", Subpath(tree.Root))
            .Build();

        var (result, _, _) = await ConfinedRunHarness.RunAsync(profile, DenialCollection.Trace, tree.Root, "sh", "-c", "./tool.sh");

        Assert.Equal(126, result.Outcome.ExitCode);
        Assert.Null(result.StartFailure);
        var refused = Assert.Single(result.Denials, d => d.Event.Path == tree["tool.sh"]);
        Assert.Equal(DenialCause.NotSandbox, refused.Cause);
        Assert.Equal("process-exec", refused.Event.Operation);
        Assert.False(refused.Event.Result.IsDenied);
        Assert.Empty(result.ProfileDenials);
    }

    [Fact]
    public async Task A_program_the_profile_does_not_let_run_is_a_start_failure_with_its_denial()
    {
        using var tree = new TempTree("work/");
        var profile = new ProfileBuilder()
            .RuntimeBasics()
            .Deny("process-exec", Literal(Sandboxer.Platforms.Linux.Landlock.Native.FileDescriptors.RealPath("/usr/bin/cat")!))
            .Build();

        var (result, _, _) = await ConfinedRunHarness.RunAsync(profile, DenialCollection.Trace, tree["work"], "cat", "/dev/null");

        Assert.Equal(TargetStartFailureKind.CannotExecute, result.StartFailure?.Kind);
        Assert.Equal(126, result.Outcome.ExitCode);
        var exec = Assert.Single(result.ProfileDenials);
        Assert.Equal(("process-exec", "/usr/bin/cat", "fs.execute"), (exec.Event.Operation, exec.Event.Path, exec.Blocker));
    }

    [Fact]
    public async Task The_same_program_runs_normally_when_traced_inside_its_domain()
    {
        using var tree = new TempTree("work/");
        var profile = new ProfileBuilder()
            .RuntimeBasics()
            .Allow("file-read* file-write*", Subpath(tree["work"]))
            .Allow("file-read-data", Literal("/etc/locale.alias"))
            .Build();

        var (result, output, _) = await ConfinedRunHarness.RunAsync(
            profile, DenialCollection.Trace, tree["work"], "python3", "-c", "import json; open('o.json','w').write(json.dumps([1])); print(open('o.json').read())");

        Assert.Equal(0, result.Outcome.ExitCode);
        Assert.Equal("[1]\n", output);
        Assert.Empty(result.ProfileDenials);
    }

    [Fact]
    public void The_loaders_list_of_libraries_is_parsed_to_real_paths()
    {
        const string Listing = "\tlinux-vdso.so.1 (0x00007ffd)\n\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f)\n\t/lib64/ld-linux-x86-64.so.2 (0x00007f)\n\tlibgone.so => not found\n";

        var parsed = StraceInDomain.ParseLoadedObjects(Listing).ToList();

        Assert.Equal([("/lib/x86_64-linux-gnu/libc.so.6", false), ("/lib64/ld-linux-x86-64.so.2", true)], parsed);
    }
}
