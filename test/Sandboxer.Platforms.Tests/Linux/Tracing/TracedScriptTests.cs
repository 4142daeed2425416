using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using Sandboxer.Events;

namespace Sandboxer.Platforms.Tests.Linux.Tracing;

/// <summary>Crafted scripts run under the real tracer, each checking the exact events of what it does.</summary>
[SupportedOSPlatform("linux")]
public sealed class TracedScriptTests : IDisposable
{
    private const string Sh = "(/usr/bin/dash)";
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string Dir => _directory.Path;

    [Fact]
    public async Task Names_with_quotes_newlines_spaces_angle_brackets_and_non_utf8_bytes_survive()
    {
        var run = await TracedRun.StartAsync(
            ["sh", "-c", "printf x > 'q\"uote\\back <gt> sp ace'; printf x > \"$(printf 'new\\nline')\"; printf x > \"$(printf 'bad\\377\\376.txt')\"; printf x > \"$(printf '\\303\\274-\\303\\261.txt')\""],
            Dir);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"file-write-create {Dir}/q\"uote\\back <gt> sp ace by sh {Sh}: ok", run.Single("file-write-create", $"{Dir}/q\"uote\\back <gt> sp ace"));
        Assert.Equal($"file-write-create {Dir}/new\nline by sh {Sh}: ok", run.Single("file-write-create", $"{Dir}/new\nline"));
        Assert.Equal($"file-write-create {Dir}/ü-ñ.txt by sh {Sh}: ok", run.Single("file-write-create", $"{Dir}/ü-ñ.txt"));
        var raw = PathBytes.Decode([.. System.Text.Encoding.UTF8.GetBytes(Dir + "/bad"), 0xff, 0xfe, .. ".txt"u8]);
        var nonUtf8 = run.SingleEvent("file-write-create", raw);
        Assert.Equal([.. System.Text.Encoding.UTF8.GetBytes(Dir + "/bad"), 0xff, 0xfe, .. ".txt"u8], PathBytes.Encode(nonUtf8.Path!));
        Assert.Equal(nonUtf8, EventJson.Parse(EventJson.Serialize(nonUtf8), "round-trip", 1));
    }

    [Fact]
    public async Task Relative_paths_follow_cd_and_dot_dot()
    {
        Directory.CreateDirectory(_directory.File("a/b"));
        var run = await TracedRun.StartAsync(["sh", "-c", "cd a/b && : > ../x.txt && cd .. && : > ./b/y.txt && cd / && : > \"$OLDPWD/z.txt\""], Dir);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"file-write-create {Dir}/a/x.txt by sh {Sh}: ok", run.Single("file-write-create", $"{Dir}/a/x.txt"));
        Assert.Equal($"file-write-create {Dir}/a/b/y.txt by sh {Sh}: ok", run.Single("file-write-create", $"{Dir}/a/b/y.txt"));
        Assert.Equal($"file-write-create {Dir}/a/z.txt by sh {Sh}: ok", run.Single("file-write-create", $"{Dir}/a/z.txt"));
        Assert.Equal($"file-read-metadata / [directory] by sh {Sh}: ok", run.Single("file-read-metadata", "/"));
    }

    [Fact]
    public async Task Rename_link_and_symlink()
    {
        await File.WriteAllTextAsync(_directory.File("a"), "x", TestContext.Current.CancellationToken);
        var run = await TracedRun.StartAsync(["/usr/bin/python3", "-c", "import os\nos.rename('a', 'b')\nos.link('b', 'c')\nos.symlink('b', 'd')\nopen('d').read()\nos.unlink('c')"], Dir);
        const string Python = "by python3 (/usr/bin/python3.11)";
        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"file-write-unlink {Dir}/a {Python}: ok", run.Single("file-write-unlink", $"{Dir}/a"));
        Assert.Equal(
            [$"file-write-create {Dir}/b {Python}: ok"],
            run.Describe("file-write-create", $"{Dir}/b"));
        Assert.Equal($"file-write-create {Dir}/c {Python}: ok", run.Single("file-write-create", $"{Dir}/c"));
        Assert.Equal($"file-write-create {Dir}/d [symlink] {Python}: ok", run.Single("file-write-create", $"{Dir}/d"));
        Assert.Equal($"file-read-data {Dir}/b <- {Dir}/d {Python}: ok", run.Single("file-read-data", $"{Dir}/b"));
        Assert.Equal($"file-write-unlink {Dir}/c {Python}: ok", run.Single("file-write-unlink", $"{Dir}/c"));
        Assert.Equal(["rename", "link", "symlink", "unlink"], run.Events.Where(e => e.Operation.StartsWith("file-write-", StringComparison.Ordinal) && e.Path!.StartsWith(Dir, StringComparison.Ordinal)).Select(e => e.Syscall!).Distinct());
    }

    [Fact]
    public async Task A_fork_exec_chain_keeps_parents_names_and_executables()
    {
        await File.WriteAllTextAsync(_directory.File("x"), "x", TestContext.Current.CancellationToken);
        var script = _directory.File("inner.sh");
        await File.WriteAllTextAsync(script, "#!/bin/sh\ncat x\n", TestContext.Current.CancellationToken);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var run = await TracedRun.StartAsync(["sh", "-c", "./inner.sh; true"], Dir);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"process-exec {Dir}/inner.sh by sh {Sh}: ok", run.Single("process-exec", $"{Dir}/inner.sh"));
        Assert.Equal(
            ["process-exec /usr/bin/dash <- /usr/bin/sh by  (): ok", $"process-exec /usr/bin/dash <- /bin/sh by inner.sh {Sh}: ok"],
            run.Describe("process-exec", "/usr/bin/dash"));
        Assert.Equal($"file-read-data {Dir}/inner.sh by inner.sh {Sh}: ok", run.Single("file-read-data", $"{Dir}/inner.sh"));
        Assert.Equal("process-exec /usr/bin/cat by inner.sh (/usr/bin/dash): ok", run.Single("process-exec", "/usr/bin/cat"));
        Assert.Equal($"file-read-data {Dir}/x by cat (/usr/bin/cat): ok", run.Single("file-read-data", $"{Dir}/x"));
        var scriptPid = run.SingleEvent("file-read-data", $"{Dir}/inner.sh").Pid;
        var catPid = run.SingleEvent("file-read-data", $"{Dir}/x").Pid;
        Assert.Equal(run.RootPid, run.Events.First(e => e.Pid == scriptPid).Ppid);
        Assert.Equal(scriptPid, run.Events.First(e => e.Pid == catPid).Ppid);
        Assert.Equal(3, run.Run.Processes);
    }

    [Fact]
    public async Task Exit_codes_and_signals_to_self_children_and_others()
    {
        var run = await TracedRun.StartAsync(["sh", "-c", "sleep 30 & kill -TERM $!; wait; kill -0 1; kill -USR1 $$"], Dir);
        Assert.Equal(128 + 10, run.ExitCode);
        Assert.Equal(10, run.Run.Outcome.Signal);
        Assert.Equal(3, run.Describe("signal").Count);
        Assert.Equal($"signal target children signal 15 by sh {Sh}: ok", run.Describe("signal").Single(d => d.Contains("signal 15", StringComparison.Ordinal)));
        Assert.Equal($"signal target others signal 0 by sh {Sh}: ok", run.Describe("signal").Single(d => d.Contains("signal 0", StringComparison.Ordinal)));
        Assert.Equal($"signal target self signal 10 by sh {Sh}: ok", run.Describe("signal").Single(d => d.Contains("signal 10", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Tcp_udp_and_unix_connects_and_listens_to_loopback_servers()
    {
        using var tcp = new TcpListener(IPAddress.Loopback, 0);
        tcp.Start();
        var tcpPort = ((IPEndPoint)tcp.LocalEndpoint).Port;
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var udpPort = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
        var unixPath = _directory.File("srv.sock");
        using var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        unix.Bind(new UnixDomainSocketEndPoint(unixPath));
        unix.Listen();
        var script = string.Join('\n',
            "import socket",
            $"socket.create_connection(('127.0.0.1', {tcpPort})).close()",
            $"socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'x', ('127.0.0.1', {udpPort}))",
            "u = socket.socket(socket.AF_UNIX)",
            "u.connect('srv.sock')",
            "l = socket.socket(socket.AF_INET6)",
            "l.bind(('::1', 0))",
            "l.listen()",
            "c = socket.create_connection(('::1', l.getsockname()[1]))",
            "a, _ = l.accept()",
            "b = socket.socket(socket.AF_UNIX)",
            "b.bind('own.sock')",
            "b.listen()",
            "x = socket.socket(socket.AF_UNIX)",
            "x.bind('\\0sandboxer-abstract')");
        var run = await TracedRun.StartAsync(["/usr/bin/python3", "-c", script], Dir);
        const string Python = "by python3 (/usr/bin/python3.11)";
        Assert.Equal(0, run.ExitCode);
        var outbound = run.Describe("network-outbound");
        Assert.Contains($"network-outbound remote tcp:127.0.0.1:{tcpPort} {Python}: ok", outbound);
        Assert.Contains($"network-outbound remote udp:127.0.0.1:{udpPort} {Python}: ok", outbound);
        Assert.Contains($"network-outbound {unixPath} [socket] {Python}: ok", outbound);
        Assert.Equal(3, run.Describe("network-bind").Count);
        Assert.Equal($"network-bind local tcp:[::1]:0 {Python}: ok", run.Describe("network-bind").Single(d => d.Contains("tcp", StringComparison.Ordinal)));
        Assert.Equal($"network-inbound local tcp:[::1]:0 {Python}: ok", run.Describe("network-inbound").Single(d => d.Contains("tcp", StringComparison.Ordinal)));
        Assert.Equal(2, run.Events.Single(e => e.Operation == "network-inbound" && e.Local is not null).Count);
        Assert.Equal($"network-bind {Dir}/own.sock [socket] {Python}: ok", run.Single("network-bind", $"{Dir}/own.sock"));
        Assert.Equal($"file-write-create {Dir}/own.sock [socket] {Python}: ok", run.Single("file-write-create", $"{Dir}/own.sock"));
        Assert.Equal($"network-inbound {Dir}/own.sock [socket] {Python}: ok", run.Single("network-inbound", $"{Dir}/own.sock"));
        Assert.Equal($"network-bind [socket] name @sandboxer-abstract {Python}: ok", run.Single("network-bind", name: "@sandboxer-abstract"));
        Assert.Equal(4, outbound.Count);
    }
}
