using Sandboxer.Synthesis.Grants;

namespace Sandboxer.Synthesis;

/// <summary>Accumulates the evidence for one target while events are read.</summary>
internal sealed class EvidenceBuilder
{
    private readonly SortedSet<string> _processes = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _examples = new(StringComparer.Ordinal);
    private readonly SortedSet<int> _runs = [];

    public long Count { get; private set; }

    public bool SeenOk { get; private set; }

    public string? FirstAbsolutePath { get; private set; }

    public IReadOnlyCollection<int> Runs => _runs;

    public void Add(long count, string process, string example, int run, bool ok, string? absolutePath = null)
    {
        Count += Math.Max(1, count);
        _processes.Add(process);
        if (example.Length == 0)
        {
        }
        else if (_examples.Count < Evidence.MaxExamples || string.CompareOrdinal(example, _examples.Max) < 0)
        {
            _examples.Add(example);
            if (_examples.Count > Evidence.MaxExamples)
            {
                _examples.Remove(_examples.Max!);
            }
        }

        _runs.Add(run);
        SeenOk |= ok;
        FirstAbsolutePath ??= absolutePath;
    }

    public Evidence Build() => new(Count, [.. _processes], [.. _examples], _runs.Count);
}
