using Sandboxer.Analysis.Replay;
using Sandboxer.Events;
using Sandboxer.Sbpl.Engine;
using Sandboxer.Tests.Support;
using static Sandboxer.Tests.Support.Rules;

namespace Sandboxer.Tests.Analysis.Replay;

public sealed class EventReplayTests
{
    [Fact]
    public void Lists_denied_and_undecidable_accesses_separately_and_merges_duplicates()
    {
        var profile = new Rules().Deny("default")
            .Allow("file-read*", Subpath("/usr"))
            .Allow("file-read*", All(Subpath("/dev"), Attribute("vnode-type", "CHARACTER-DEVICE")))
            .Build();
        AccessEvent[] events =
        [
            new() { Operation = "file-read-data", Path = "/usr/lib/x", Pid = 1 },
            new() { Operation = "file-read-data", Path = "/usr/lib/x", Pid = 2 },
            new() { Operation = "file-read-data", Path = "/etc/passwd", Pid = 1 },
            new() { Operation = "file-read-data", Path = "/dev/null", Pid = 1 },
            new() { Operation = "file-read-data", Path = "/dev/null", Pid = 1, FileType = "device" },
        ];
        var result = EventReplay.Replay(PolicyEngine.Compile(profile), events);
        Assert.Equal(5, result.Total);
        Assert.Equal(1, result.Allowed);
        Assert.Equal(["/etc/passwd", "/dev/null", "/dev/null"], result.Denied.Select(e => e.Event.Path));
        Assert.True(result.Denied[0].Decision.IsCertain);
        Assert.False(result.Denied[1].Decision.IsCertain);
        Assert.Empty(result.Undecidable);
        Assert.True(result.AnyDenial);
    }

    [Fact]
    public void Allowed_but_possibly_denied_access_is_undecidable()
    {
        var profile = new Rules().Allow("default").Deny("file-read*", All(Subpath("/dev"), Attribute("vnode-type", "TTY"))).Build();
        var result = EventReplay.Replay(PolicyEngine.Compile(profile), [new AccessEvent { Operation = "file-read-data", Path = "/dev/ttys001" }]);
        Assert.Empty(result.Denied);
        Assert.Single(result.Undecidable);
        Assert.True(result.AnyDenial);
    }

    [Fact]
    public void Nothing_denied_is_clean()
    {
        var profile = new Rules().Deny("default").Allow("file-read*", Subpath("/usr")).Build();
        var result = EventReplay.Replay(PolicyEngine.Compile(profile), [new AccessEvent { Operation = "file-read-metadata", Path = "/usr" }]);
        Assert.False(result.AnyDenial);
    }
}
