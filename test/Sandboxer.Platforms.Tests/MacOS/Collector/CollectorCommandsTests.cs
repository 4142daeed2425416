using Sandboxer.Platforms.MacOS.Collector;

namespace Sandboxer.Platforms.Tests.MacOS.Collector;

public sealed class CollectorCommandsTests
{
    [Fact]
    public void The_log_stream_reads_everything_the_sandbox_kext_sends_as_ndjson()
    {
        Assert.Equal(["/usr/bin/log", "stream", "--style", "ndjson", "--predicate", "sender == \"Sandbox\""], CollectorCommands.LogStream);
    }

    [Fact]
    public void Sentinels_escape_the_file_name_with_the_emitters_quoting()
    {
        var argv = CollectorCommands.Sentinel("sbx_abc_ready", "/private/var/folders/x y/T/a\"b\\c");
        Assert.Equal(
            [
                "/usr/bin/sandbox-exec", "-p",
                "(version 1)(allow default)(deny file-read-data (literal \"/private/var/folders/x y/T/a\\\"b\\\\c\") (with message \"sbx_abc_ready\"))",
                "/bin/cat", "/private/var/folders/x y/T/a\"b\\c",
            ],
            argv);
        Assert.Throws<ArgumentException>(() => CollectorCommands.Sentinel("bad tag", "/x"));
    }
}
