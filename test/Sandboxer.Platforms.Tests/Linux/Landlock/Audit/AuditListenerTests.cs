using Sandboxer.Platforms.Linux.Landlock;
using Sandboxer.Platforms.Linux.Landlock.Audit;

namespace Sandboxer.Platforms.Tests.Linux.Landlock.Audit;

public sealed class AuditListenerTests
{
    [Fact]
    public async Task Landlock_denials_of_the_target_arrive_with_pid_command_and_syscall()
    {
        var options = new LaunchOptions { LogDenials = true };
        using var session = StartSession(options.EnforcingThreadName);

        var run = await LaunchHelper.RunInAsync(TestPlans.Basics(), "/", options, "/usr/bin/cat", "/etc/hostname");
        run.Process.Dispose();
        var denials = await session.CollectAsync(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);

        var denial = Assert.Single(denials);
        Assert.Equal("fs.read_file", denial.Blocker);
        Assert.Equal("file-read-data", denial.Event.Operation);
        Assert.Equal("/etc/hostname", denial.Event.Path);
        Assert.Equal(run.Process.Pid, denial.Event.Pid);
        Assert.Equal("cat", denial.Event.Process);
        Assert.Equal("/usr/bin/cat", denial.Event.Executable);
        Assert.Equal("openat", denial.Event.Syscall);
        Assert.True(denial.Event.Result.IsDenied);
    }

    [Fact]
    public async Task Denials_of_another_run_are_not_attributed_to_this_one()
    {
        var mine = new LaunchOptions { LogDenials = true };
        var theirs = new LaunchOptions { LogDenials = true };
        using var session = StartSession(mine.EnforcingThreadName);

        var other = await LaunchHelper.RunInAsync(TestPlans.Basics(), "/", theirs, "/usr/bin/cat", "/etc/hostname");
        other.Process.Dispose();
        var run = await LaunchHelper.RunInAsync(TestPlans.Basics(), "/", mine, "/usr/bin/cat", "/etc/passwd");
        run.Process.Dispose();
        var denials = await session.CollectAsync(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);

        Assert.Equal("/etc/passwd", Assert.Single(denials).Event.Path);
    }

    [Fact]
    public async Task A_denied_exec_is_reported_under_the_programs_name_not_the_launchers()
    {
        using var tree = new Sandboxer.Platforms.Tests.Support.TempTree("bin/");
        var program = tree["bin/sbx-denied-true"];
        File.Copy("/usr/bin/true", program);
        var options = new LaunchOptions { LogDenials = true };
        using var session = StartSession(options.EnforcingThreadName);

        await Assert.ThrowsAsync<SpawnFailedException>(() => LaunchHelper.RunInAsync(
            TestPlans.Basics(TestPlans.Dir(tree["bin"], LandlockFsAccess.ReadFile | LandlockFsAccess.ReadDir)), "/", options, program));
        var denials = await session.CollectAsync(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);

        var exec = Assert.Single(denials);
        Assert.Equal(("fs.execute", "process-exec", program), (exec.Blocker, exec.Event.Operation, exec.Event.Path));
        Assert.Equal("sbx-denied-true", exec.Event.Process);
        Assert.NotEqual(options.EnforcingThreadName, exec.Event.Process);
        Assert.Null(exec.Event.Executable);
        Assert.Equal("execve", exec.Event.Syscall);
    }

    [Fact]
    public void A_tcp_connect_record_becomes_a_network_outbound_denial()
    {
        var denials = new LandlockAuditDenials("sbx-e-9");
        foreach (var (type, text) in new[]
        {
            (1423, "audit(1795729904.451:66): domain=12367c557 blockers=net.connect_tcp daddr=127.0.0.1 dest=1"),
            (1424, "audit(1795729904.451:66): domain=12367c557 status=allocated mode=enforcing pid=20424 uid=0 exe=\"/x\" comm=\"sbx-e-9\""),
            (1300, "audit(1795729904.451:66): arch=c000003e syscall=42 success=no exit=-13 ppid=1 pid=20425 comm=\"curl\" exe=\"/usr/bin/curl\""),
            (1320, "audit(1795729904.451:66): "),
        })
        {
            denials.Accept(AuditRecord.Parse(type, text)!);
        }

        var denial = Assert.Single(denials.Snapshot());
        Assert.Equal("network-outbound", denial.Event.Operation);
        Assert.Equal(new Sandboxer.Events.NetworkEndpoint("tcp", "127.0.0.1", 1), denial.Event.Remote);
        Assert.Equal("connect", denial.Event.Syscall);
        Assert.Equal(20425, denial.Event.Pid);
    }

    [Fact]
    public void Hex_encoded_paths_are_decoded_byte_for_byte()
    {
        var record = AuditRecord.Parse(1423, "audit(1.5:7): domain=1 blockers=fs.read_file path=2F746D702F6120FF2E747874 dev=\"vda\" ino=1");

        Assert.NotNull(record);
        Assert.Equal(Sandboxer.Events.PathBytes.Decode([.. "/tmp/a "u8, 0xFF, .. ".txt"u8]), record["path"]);
        Assert.Equal(7, record.Serial);
    }

    /// <summary>
    /// The audit daemon is one per system: while another process (a concurrent test run) holds it, wait for it, and
    /// skip when it is still held after a generous bound rather than fail for something this test does not test.
    /// </summary>
    internal static AuditDenialSession StartSession(string enforcingThreadName)
    {
        var session = AuditDenialSession.TryStart(enforcingThreadName, out var reason, TimeSpan.FromMinutes(2));
        if (session is null && reason?.StartsWith("another audit daemon", StringComparison.Ordinal) == true)
        {
            Assert.Skip(reason);
        }

        Assert.True(session is not null, reason);
        return session;
    }
}
