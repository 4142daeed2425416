using Sandboxer.Events;
using Sandboxer.Platforms.Linux.Tracing;

namespace Sandboxer.Platforms.Tests.Linux.Tracing;

/// <summary>
/// A long trace streamed through the whole pipeline (reader, parser, joiner, process table, mapper, aggregator):
/// the state kept afterwards depends on what was alive and distinct, not on how many lines went through.
/// </summary>
public sealed class BoundedStateTests
{
    [Fact]
    public void A_long_trace_leaves_only_bounded_state_behind()
    {
        const long Cycles = 60_000;
        var aggregator = new EventAggregator();
        var processor = new StraceTraceProcessor(new StraceProcessorOptions { WorkingDirectory = "/tmp/w" }, aggregator.Add);
        var reader = new StraceLineReader(new SyntheticTraceStream(Cycles));
        var maxLiveThreads = 0;
        var maxPending = 0;
        var lines = 0L;
        while (reader.TryReadLine(out var line))
        {
            processor.ProcessLine(line);
            if (++lines % 1000 == 0)
            {
                maxLiveThreads = Math.Max(maxLiveThreads, processor.Processes.LiveThreads);
                maxPending = Math.Max(maxPending, processor.Pending.Count);
            }
        }

        processor.Complete();
        Assert.Equal((Cycles * SyntheticTraceStream.LinesPerCycle) + 1, processor.Counters.Lines);
        Assert.True(processor.Counters.Lines > 500_000);
        Assert.Equal(0, processor.Counters.UnknownLines);
        Assert.Equal(0, processor.Counters.OrphanResumes);

        // Live state: the root plus at most the one child of a cycle, one call in flight.
        Assert.Equal(1, processor.Processes.LiveThreads);
        Assert.Equal(1, processor.Processes.LiveProcesses);
        Assert.Equal(0, processor.Mapper.KnownSockets);
        Assert.True(maxLiveThreads <= 2, $"{maxLiveThreads} live threads");
        Assert.True(processor.Pending.HighWaterMark <= 1, $"{processor.Pending.HighWaterMark} calls in flight");
        Assert.True(maxPending <= 1);
        Assert.True(processor.Mapper.CachedStrings <= 65536);
        Assert.True(reader.BufferSize <= 64 * 1024);

        // Distinct accesses: exec + fork + the probe of sh, the 50 reads, cat's exec (attributed to the forked sh).
        Assert.Equal(SyntheticTraceStream.DistinctFiles + 4, aggregator.Count);
        Assert.Equal(Cycles, aggregator.Events.Single(e => e.Operation == "process-fork").Count);
        Assert.Equal(Cycles / SyntheticTraceStream.DistinctFiles, aggregator.Events.Single(e => e.Path == "/etc/f7").Count);
        Assert.Equal(Cycles, processor.Processes.ProcessesSeen - 1);
    }

    [Fact]
    public void Lines_longer_than_the_limit_are_skipped_and_the_next_line_is_read()
    {
        var longLine = new byte[10_000];
        longLine.AsSpan().Fill((byte)'a');
        var text = "1 openat(AT_FDCWD</w>, \"/x\", O_RDONLY) = 3</x>\n"u8.ToArray();
        using var stream = new MemoryStream([.. text, .. longLine, (byte)'\n', .. text, .. longLine]);
        var reader = new StraceLineReader(stream, initialSize: 256, maxLineLength: 4096);
        var lines = new List<string>();
        while (reader.TryReadLine(out var line))
        {
            lines.Add(System.Text.Encoding.ASCII.GetString(line));
        }

        Assert.Equal(2, reader.OversizedLines);
        Assert.Equal(["1 openat(AT_FDCWD</w>, \"/x\", O_RDONLY) = 3</x>", "1 openat(AT_FDCWD</w>, \"/x\", O_RDONLY) = 3</x>"], lines);
        Assert.True(reader.BufferSize <= 4096);
    }
}
