using Sandboxer.Events;
using Sandboxer.Platforms.MacOS.Reports;

namespace Sandboxer.Platforms.Tests.MacOS.Reports;

public sealed class SandboxReportMapperTests
{
    private static AccessEvent Map(string message) =>
        SandboxReportMapper.ToEvent(SandboxMessageParser.Parse(message).Report!);

    [Fact]
    public void File_operations_give_a_path_and_a_denied_result() // 1
    {
        var e = Map("Sandbox: cat(15505) deny(1) file-read-data /private/etc/hosts");
        Assert.Equal("file-read-data", e.Operation);
        Assert.Equal("/private/etc/hosts", e.Path);
        Assert.Equal((15505, "cat"), (e.Pid, e.Process));
        Assert.Equal(AccessResult.Denied, e.Result);
        Assert.Null(e.Name);
    }

    [Fact]
    public void Allow_reports_give_ok() // 56
    {
        var e = Map("Sandbox: ContextStoreAgent(28911) allow file-read-data /Users/xt/LXT/code/trae/1107-model-eval/Nota4/Build/Nota4.app");
        Assert.Equal(AccessResult.Ok, e.Result);
        Assert.Equal("/Users/xt/LXT/code/trae/1107-model-eval/Nota4/Build/Nota4.app", e.Path);
    }

    [Fact]
    public void Exec_reports_give_the_executable_path()
    {
        var e = Map("Sandbox: sandbox-exec(41398) deny(1) process-exec* /usr/bin/touch");
        Assert.Equal("process-exec*", e.Operation);
        Assert.Equal("/usr/bin/touch", e.Path);
    }

    [Theory]
    [InlineData("Sandbox: nc(7936) deny(1) network-outbound remote:*:443", "remote", "*", 443)] // 44
    [InlineData("Sandbox: curl(15522) deny(1) network-outbound remote:*:80", "remote", "*", 80)] // 8
    [InlineData("Sandbox: searchpartyd(159) deny(1) network-bind local:*:55330", "local", "*", 55330)] // 41
    [InlineData("Sandbox: server(10) deny(1) network-bind local:*:8080", "local", "*", 8080)]
    [InlineData("Sandbox: server(10) deny(1) network-bind local:localhost:0", "local", "localhost", 0)]
    [InlineData("Sandbox: curl(11) deny(1) network-outbound 1.1.1.1:443", "remote", "1.1.1.1", 443)] // a test string without a side
    [InlineData("Sandbox: curl(11) deny(1) network-outbound remote:[::1]:22", "remote", "::1", 22)]
    public void Network_addresses_give_endpoints(string message, string side, string host, int port)
    {
        var e = Map(message);
        var endpoint = side == "remote" ? e.Remote : e.Local;
        Assert.NotNull(endpoint);
        Assert.Equal(new NetworkEndpoint("ip", host, port), endpoint);
        Assert.Null(side == "remote" ? e.Local : e.Remote);
        Assert.Null(e.Path);
    }

    [Fact]
    public void A_wildcard_port_stays_unknown()
    {
        var e = Map("Sandbox: x(1) deny(1) network-outbound remote:*:*");
        Assert.Equal(new NetworkEndpoint("ip", "*", null), e.Remote);
    }

    [Fact]
    public void Network_operations_on_socket_paths_give_the_path() // 35
    {
        var e = Map("Sandbox: curl(75886) deny(1) network-outbound /private/var/run/mDNSResponder");
        Assert.Equal("/private/var/run/mDNSResponder", e.Path);
        Assert.Null(e.Remote);
    }

    [Theory]
    [InlineData("Sandbox: zsh(83736) deny(1) mach-lookup com.apple.logd", "com.apple.logd")] // 15
    [InlineData("Sandbox: touch(41575) deny(1) sysctl-read kern.bootargs", "kern.bootargs")] // 26
    [InlineData("Sandbox: assistantd(800) deny(1) iokit-open-user-client AppleKeyStoreUserClient", "AppleKeyStoreUserClient")] // 43
    [InlineData("Sandbox: curl(3575) deny(1) ipc-posix-shm-read-data apple.shm.notification_center", "apple.shm.notification_center")] // 50
    [InlineData("Sandbox: curl(75886) deny(1) user-preference-read kCFPreferencesAnyApplication", "kCFPreferencesAnyApplication")] // 36
    [InlineData("Sandbox: nesessionmanager(678) deny(1) system-fsctl (_IO \"h\" 47)", "(_IO \"h\" 47)")]
    [InlineData("Sandbox: x(1) deny(1) system-info vfs.disk-space", "vfs.disk-space")]
    public void Name_keyed_operations_give_a_name(string message, string name)
    {
        var e = Map(message);
        Assert.Equal(name, e.Name);
        Assert.Null(e.Path);
    }

    [Theory]
    [InlineData("Sandbox: Craig-O-Clean(7163) deny(1) signal others [Safari(5085)] signum:15", "others", 15)] // 52
    [InlineData("Sandbox: zsh(66592) deny(1) signal initproc signum:15", "initproc", 15)] // 53 with its prefix restored
    [InlineData("Sandbox: sh(3) deny(1) signal children signum:2", "children", 2)]
    public void Signals_give_target_and_number(string message, string target, int signal)
    {
        var e = Map(message);
        Assert.Equal(target, e.Target);
        Assert.Equal(signal, e.Signal);
        Assert.Null(e.Name);
    }

    [Theory]
    [InlineData("Sandbox: rsync(92078) deny(1) file-read-data ...", "...")] // 54: not a path, so no path rule can come of it
    [InlineData("Sandbox: x(1) deny(1) network-outbound remote:example.com:443", "remote:example.com:443")]
    [InlineData("Sandbox: x(1) deny(1) network-outbound remote:*:99999", "remote:*:99999")]
    [InlineData("Sandbox: x(1) deny(1) signal weird", "weird")]
    public void Unexpected_target_shapes_are_kept_as_a_name(string message, string name)
    {
        var e = Map(message);
        Assert.Equal(name, e.Name);
        Assert.Null(e.Path);
        Assert.Null(e.Remote);
        Assert.Null(e.Local);
    }

    [Fact]
    public void No_target_gives_an_operation_only_event() // 33
    {
        var e = Map("Sandbox: sandbox-exec(27256) deny(1) forbidden-sandbox-reinit");
        Assert.Equal("forbidden-sandbox-reinit", e.Operation);
        Assert.Null(e.Path);
        Assert.Null(e.Name);
        Assert.Equal("""{"op":"forbidden-sandbox-reinit","pid":27256,"process":"sandbox-exec","result":"denied"}""", EventJson.Serialize(e));
    }

    [Fact]
    public void Keeps_the_tag_and_the_duplicate_count()
    {
        var e = Map("4 duplicate reports for Sandbox: cat(15528) deny(1) file-read-data /private/etc/hosts\nsbx_abc");
        Assert.Equal("sbx_abc", e.Tag);
        Assert.Equal(4, e.Count);
    }
}
