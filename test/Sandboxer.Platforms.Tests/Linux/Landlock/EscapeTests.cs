using System.Net;
using System.Net.Sockets;
using Sandboxer.Platforms.Linux.Landlock;
using Sandboxer.Platforms.Tests.Support;
using static Sandboxer.Platforms.Tests.Support.ProfileBuilder;

namespace Sandboxer.Platforms.Tests.Linux.Landlock;

/// <summary>
/// Ways out of a sandbox, each tried for real under a plan compiled from a profile that allows a work directory and
/// denies a secret directory beside it. Every attempt must be refused by the kernel.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class EscapeTests : IDisposable
{
    private readonly TempTree _tree = new("work/notes.txt", "work/only.txt", "secret/key.txt", "elsewhere/");

    [Fact]
    public async Task A_symlink_from_the_allowed_tree_into_a_denied_one_does_not_open_it()
    {
        File.CreateSymbolicLink(_tree["work/planted-link"], _tree["secret/key.txt"]);

        var planted = await Shell($"cat {_tree["work/planted-link"]}");
        var made = await Shell($"ln -s {_tree["secret/key.txt"]} {_tree["work/made-link"]} && cat {_tree["work/made-link"]}");

        AssertDenied(planted);
        AssertDenied(made);
        Assert.DoesNotContain("content of secret", planted.Output + made.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hard_link_to_a_denied_file_cannot_be_made()
    {
        var run = await Shell($"ln {_tree["secret/key.txt"]} {_tree["work/hard"]}");

        Assert.NotEqual(0, run.ExitCode);
        Assert.False(File.Exists(_tree["work/hard"]));
        Assert.True(run.Error.Contains("Invalid cross-device link", StringComparison.Ordinal) || run.Error.Contains("Permission denied", StringComparison.Ordinal), run.Error);
    }

    [Fact]
    public async Task Renaming_out_of_or_into_the_allowed_tree_is_refused()
    {
        var outward = await Shell($"mv {_tree["work/notes.txt"]} {_tree["elsewhere/notes.txt"]}");
        var inward = await Shell($"mv {_tree["secret/key.txt"]} {_tree["work/key.txt"]}");

        Assert.NotEqual(0, outward.ExitCode);
        Assert.NotEqual(0, inward.ExitCode);
        Assert.True(File.Exists(_tree["work/notes.txt"]));
        Assert.True(File.Exists(_tree["secret/key.txt"]));
        Assert.False(File.Exists(_tree["work/key.txt"]));
    }

    [Fact]
    public async Task Dot_dot_traversal_out_of_the_allowed_tree_is_denied()
    {
        var run = await Shell($"cat {_tree["work"]}/../secret/key.txt", workingDirectory: _tree["work"]);
        var relative = await Shell("cat ../secret/key.txt", workingDirectory: _tree["work"]);

        AssertDenied(run);
        AssertDenied(relative);
    }

    [Fact]
    public async Task Proc_self_root_cwd_and_fd_do_not_reach_denied_files()
    {
        var viaRoot = await Shell($"cat /proc/self/root{_tree["secret/key.txt"]}", allowProc: true);
        var viaCwd = await Shell("cat /proc/self/cwd/../secret/key.txt", allowProc: true, workingDirectory: _tree["work"]);
        var viaFd = await Shell($"exec 3<{_tree["work"]}/.. && cat /proc/self/fd/3/secret/key.txt", allowProc: true);

        AssertDenied(viaRoot);
        AssertDenied(viaCwd);
        Assert.NotEqual(0, viaFd.ExitCode);
        Assert.DoesNotContain("content of secret", viaRoot.Output + viaCwd.Output + viaFd.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_file_cannot_be_created_where_only_literals_are_allowed()
    {
        var profile = Base().Allow("file-read* file-write*", Literal(_tree["work/only.txt"])).Build();

        var write = await Shell($"echo changed > {_tree["work/only.txt"]}", profile);
        var create = await Shell($"echo new > {_tree["work/new.txt"]}", profile);

        Assert.Equal(0, write.ExitCode);
        AssertDenied(create);
        Assert.False(File.Exists(_tree["work/new.txt"]));
    }

    [Fact]
    public async Task A_binary_that_is_not_allowlisted_cannot_be_executed()
    {
        File.Copy("/usr/bin/true", _tree["work/mytrue"]);
        File.SetUnixFileMode(_tree["work/mytrue"], UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var run = await Shell(_tree["work/mytrue"]);

        Assert.Equal(126, run.ExitCode);
        AssertDenied(run);
    }

    [Fact]
    public async Task A_tcp_connect_to_an_unlisted_port_is_denied()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var profile = Base()
            .Allow("file-read* file-write*", Subpath(_tree["work"]))
            .Allow("network-outbound", Remote(Sandboxer.Sbpl.Policy.NetworkProtocol.Tcp, Sandboxer.Sbpl.Policy.NetworkHost.Any, port == 443 ? 444 : 443))
            .Build();

        var run = await Shell($"exec 3<>/dev/tcp/127.0.0.1/{port}", profile, shell: "/usr/bin/bash");

        AssertDenied(run);
        Assert.False(listener.Pending());
    }

    public void Dispose() => _tree.Dispose();

    private ProfileBuilder Base() => new ProfileBuilder().RuntimeBasics().Deny("file*", Subpath(_tree["secret"]));

    private async Task<(int ExitCode, string Output, string Error)> Shell(
        string script, Sandboxer.Sbpl.Policy.Profile? profile = null, bool allowProc = false, string? workingDirectory = null, string shell = "/usr/bin/sh")
    {
        var builder = Base().Allow("file-read* file-write*", Subpath(_tree["work"]));
        if (allowProc)
        {
            builder.Allow("file-read*", Subpath("/proc"));
        }

        var plan = LandlockPlanCompiler.Compile(profile ?? builder.Build());
        var run = await LaunchHelper.RunInAsync(plan, workingDirectory ?? _tree.Root, LaunchOptions.Default, shell, "-c", script);
        run.Process.Dispose();
        return (run.ExitCode, run.Output, run.Error);
    }

    private static void AssertDenied((int ExitCode, string Output, string Error) run)
    {
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("Permission denied", run.Error, StringComparison.Ordinal);
    }
}
