namespace Sandboxer.Platforms.MacOS.Reports;

/// <summary>Collects entries and counts while a log is read; shared by the NDJSON and text readers.</summary>
internal sealed class SandboxLogAccumulator
{
    private readonly List<SandboxLogEntry> _entries = [];
    private readonly List<SandboxLogEntry> _systemPolicy = [];
    private readonly List<UnrecognizedMessage> _unrecognized = [];
    private int _records;
    private int _unverified;
    private int _unrelated;
    private int _rateLimitNotices;
    private int _noiseLines;
    private long? _streamCount;

    public IReadOnlyList<SandboxLogEntry> Entries => _entries;

    public void CountRecord() => _records++;

    public void CountUnverified() => _unverified++;

    public void CountUnrelated() => _unrelated++;

    public void CountNoise() => _noiseLines++;

    public void SetStreamCount(long count) => _streamCount = count;

    /// <summary>
    /// Files a kernel message: a profile report becomes an entry (returned), a System Policy report is kept aside,
    /// a rate-limit notice is counted, anything else is kept as unrecognized.
    /// </summary>
    public SandboxLogEntry? AddKernelMessage(KernelMessage message, int line, double? time, string text)
    {
        ArgumentNullException.ThrowIfNull(message);
        switch (message.Kind)
        {
            case KernelMessageKind.Report when message.Report!.Kind == SandboxReportKind.Profile:
                return Add(new SandboxLogEntry(message.Report, line, time));
            case KernelMessageKind.Report:
                _systemPolicy.Add(new SandboxLogEntry(message.Report!, line, time));
                return null;
            case KernelMessageKind.RateLimitNotice:
                _rateLimitNotices++;
                return null;
            default:
                _unrecognized.Add(new UnrecognizedMessage(line, text));
                return null;
        }
    }

    public SandboxLogEntry Add(SandboxLogEntry entry)
    {
        _entries.Add(entry);
        return entry;
    }

    /// <summary>Replaces the most recent entry (a text-style continuation line added its tag).</summary>
    public void ReplaceLast(SandboxLogEntry entry) => _entries[^1] = entry;

    public SandboxLogRead Build() => new(
        [.. _entries],
        new SandboxLogStatistics(
            _records,
            _entries.Count,
            [.. _systemPolicy],
            _unverified,
            _unrelated,
            [.. _unrecognized],
            _rateLimitNotices,
            _noiseLines,
            _streamCount));
}
