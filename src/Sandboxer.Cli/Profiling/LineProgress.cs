using Sandboxer.Platforms.Profiling;

namespace Sandboxer.Cli.Profiling;

/// <summary>
/// Progress as plain lines on stderr, written synchronously in order. A spinner would tangle with the target's own
/// output, which passes through to the same terminal.
/// </summary>
internal sealed class LineProgress(TextWriter error) : IProgress<ProfilingProgress>
{
    public void Report(ProfilingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (error)
        {
            error.WriteLine($"sandboxer: [{value.Stage}] {value.Detail}");
            error.Flush();
        }
    }
}
