using System.Collections.Concurrent;
using System.Runtime.Versioning;
using Sandboxer.Events;
using Sandboxer.Platforms.Linux.Tracing;
using Sandboxer.Platforms.Processes;

namespace Sandboxer.Platforms.Tests.Linux.Tracing;

/// <summary>
/// Several traces at once in one process (as tests and the profile loop do): each sees all of its own program and
/// nothing of the others. strace forks short-lived test children before its tracee; the runner must not take one
/// of them for the target and terminate the real one as a straggler.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ConcurrentTracingTests
{
    [Fact]
    public async Task Concurrent_traces_each_see_their_whole_program()
    {
        var failures = new ConcurrentBag<string>();
        for (var round = 0; round < 2; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
            {
                var aggregator = new EventAggregator();
                var launch = new TargetLaunch { Arguments = ["sh", "-c", $"sleep 0.1; exit {i + 10}"], HandleTerminationSignals = false };
                var run = await StraceTracer.TraceAsync(launch, aggregator.Add, TestContext.Current.CancellationToken);
                if (run.Outcome.ExitCode != i + 10 || run.Processes != 2 || run.Counters.UnknownLines != 0
                    || !aggregator.Events.Any(e => e.Operation == "process-exec" && e.Path == "/usr/bin/sleep"))
                {
                    failures.Add($"{round}/{i}: {run.Outcome.Describe()}, {run.Processes} processes, {run.Counters.Lines} lines, {run.Counters.UnknownLines} unknown");
                }
            }));
        }

        Assert.True(failures.IsEmpty, string.Join('\n', failures));
    }
}
