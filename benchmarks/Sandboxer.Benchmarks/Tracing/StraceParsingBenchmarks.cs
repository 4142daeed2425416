using BenchmarkDotNet.Attributes;
using Sandboxer.Events;
using Sandboxer.Platforms.Linux.Tracing;

namespace Sandboxer.Benchmarks.Tracing;

/// <summary>
/// Throughput of the strace pipeline per line (goal: at least 1 M lines/s on one core for parsing), on a recorded
/// real trace held in memory. Each stage adds to the previous one: cutting lines, parsing their syntax (pid,
/// name, arguments split at top-level commas, result), joining unfinished halves, mapping to access events, and
/// aggregating them.
/// </summary>
[MemoryDiagnoser]
public class StraceParsingBenchmarks
{
    private byte[] _trace = [];

    [GlobalSetup]
    public void Setup() => _trace = RecordedTrace.Record();

    [Benchmark(OperationsPerInvoke = RecordedTrace.Lines)]
    public long CutLines()
    {
        var reader = new StraceLineReader(new MemoryStream(_trace, writable: false));
        long bytes = 0;
        while (reader.TryReadLine(out var line))
        {
            bytes += line.Length;
        }

        return bytes;
    }

    [Benchmark(OperationsPerInvoke = RecordedTrace.Lines, Baseline = true)]
    public long ParseLines()
    {
        var reader = new StraceLineReader(new MemoryStream(_trace, writable: false));
        Span<Range> ranges = stackalloc Range[8];
        long total = 0;
        while (reader.TryReadLine(out var line))
        {
            var parsed = StraceLineParser.Parse(line);
            if (parsed.Kind == StraceLineKind.Call)
            {
                total += StraceText.SplitArguments(parsed.Arguments, ranges) + SyscallResult.Parse(parsed.Result).Value;
            }
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = RecordedTrace.Lines)]
    public long MapToEvents()
    {
        long events = 0;
        var processor = new StraceTraceProcessor(new StraceProcessorOptions { WorkingDirectory = "/tmp" }, _ => events++);
        StraceLineReader.ReadAll(new MemoryStream(_trace, writable: false), processor);
        return events;
    }

    [Benchmark(OperationsPerInvoke = RecordedTrace.Lines)]
    public int MapAndAggregate()
    {
        var aggregator = new EventAggregator();
        var processor = new StraceTraceProcessor(new StraceProcessorOptions { WorkingDirectory = "/tmp" }, aggregator.Add);
        StraceLineReader.ReadAll(new MemoryStream(_trace, writable: false), processor);
        return aggregator.Count;
    }
}
