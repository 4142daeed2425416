using System.Text;
using Sandboxer.Events;
using Sandboxer.Platforms.Linux.Tracing;

namespace Sandboxer.Platforms.Tests.Linux.Tracing;

/// <summary>Feeds strace lines to a processor and collects the events each batch produced.</summary>
internal sealed class TraceHarness
{
    private readonly List<AccessEvent> _events = [];

    public TraceHarness(string? workingDirectory = "/tmp/demo", IExecutableInspector? inspector = null)
    {
        Processor = new StraceTraceProcessor(new StraceProcessorOptions { WorkingDirectory = workingDirectory, Inspector = inspector }, _events.Add);
    }

    public StraceTraceProcessor Processor { get; }

    public IReadOnlyList<AccessEvent> All => _events;

    public List<AccessEvent> Feed(params string[] lines)
    {
        var before = _events.Count;
        foreach (var line in lines)
        {
            Processor.ProcessLine(Encoding.UTF8.GetBytes(line));
        }

        return _events.Skip(before).ToList();
    }
}

/// <summary>A fixed table of executables, standing in for the filesystem.</summary>
internal sealed class FakeInspector(params ExecutableImage[] images) : IExecutableInspector
{
    private readonly Dictionary<string, ExecutableImage> _images = images.ToDictionary(image => image.ResolvedPath, StringComparer.Ordinal);
    private readonly Dictionary<string, string> _links = [];

    public FakeInspector Link(string path, string target)
    {
        _links[path] = target;
        return this;
    }

    public ExecutableImage? Inspect(string path) =>
        _images.GetValueOrDefault(_links.GetValueOrDefault(path, path));
}
