using Sandboxer.Events;

namespace Sandboxer.Tests.Events;

public sealed class EventJsonTests
{
    [Fact]
    public void Round_trips_the_documented_examples()
    {
        string[] lines =
        [
            """{"op":"file-read-data","path":"/etc/hostname","pid":4242,"process":"cat","result":"ok"}""",
            """{"op":"network-outbound","remote":{"proto":"tcp","host":"127.0.0.1","port":8080},"pid":4243,"process":"curl","result":"ok"}""",
            """{"op":"network-outbound","path":"/private/var/run/mDNSResponder","pid":4243,"process":"curl","result":"denied"}""",
            """{"op":"mach-lookup","name":"com.apple.trustd.agent","pid":4244,"process":"node","result":"denied"}""",
            """{"op":"process-exec","path":"/usr/bin/git","pid":4245,"process":"sh","result":"ok"}""",
        ];
        foreach (var line in lines)
        {
            var parsed = EventJson.Parse(line, "x.jsonl", 1);
            Assert.Equal(line, EventJson.Serialize(parsed));
        }
    }

    [Fact]
    public void Keeps_non_utf8_paths_exactly()
    {
        byte[] raw = [0x2f, 0x74, 0x2f, 0x62, 0x61, 0x64, 0xff, 0xfe, 0x2e, 0x74];
        var path = PathBytes.Decode(raw);
        var e = new AccessEvent { Operation = "file-read-data", Path = path, Pid = 1 };
        var line = EventJson.Serialize(e);
        Assert.Contains("pathBytes", line, StringComparison.Ordinal);
        var back = EventJson.Parse(line, "x", 1);
        Assert.Equal(raw, PathBytes.Encode(back.Path!));
    }

    [Fact]
    public void Reports_file_line_and_column_for_bad_lines()
    {
        using var reader = new StringReader("{\"op\":\"file-read-data\"}\n{\"op\": oops}\n");
        var ex = Assert.Throws<EventFormatException>(() => EventJson.ReadAll(reader, "/tmp/e.jsonl").ToList());
        Assert.Equal(2, ex.Line);
        Assert.StartsWith("/tmp/e.jsonl:2:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Aggregates_identical_accesses_with_counts()
    {
        var aggregator = new EventAggregator();
        for (var pid = 1; pid <= 3; pid++)
        {
            aggregator.Add(new AccessEvent { Operation = "file-read-data", Path = "/etc/passwd", Pid = pid, Process = "cat" });
        }

        aggregator.Add(new AccessEvent { Operation = "file-read-data", Path = "/etc/group", Pid = 4, Process = "cat" });
        Assert.Equal(2, aggregator.Count);
        Assert.Equal(3, aggregator.Events[0].Count);
        Assert.Equal(1, aggregator.Events[0].Pid);
    }
}
