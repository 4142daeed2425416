using Sandboxer.Events;

namespace Sandboxer.Platforms.MacOS.Reports;

/// <summary>
/// Reads sandbox reports from the text log styles (<c>--style syslog</c>, <c>compact</c>, the default style,
/// Console exports, old ASL syslog, bare report lines). Reports are trusted only from the kernel
/// (<c>kernel</c>, pid 0, sender <c>(Sandbox)</c> when shown) or, pre-10.12, <c>sandboxd</c>; bare lines carry no
/// provenance and are taken as given. A line that is not a record is a continuation of the previous record: the
/// first one after a report is its <c>(with message …)</c> tag. A line that is neither before the first record
/// is an error.
/// </summary>
internal sealed class TextSandboxLogReader(string sourceName)
{
    private readonly SandboxLogAccumulator _accumulator = new();
    private bool _inRecord;
    private bool _reportAwaitsTag;

    public static SandboxLogRead Read(TextReader input, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(input);
        var reader = new TextSandboxLogReader(sourceName);
        var lineNumber = 0;
        while (input.ReadLine() is { } line)
        {
            reader.Accept(line, ++lineNumber);
        }

        return reader.Build();
    }

    public void Accept(string line, int lineNumber)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (TextLogLineParser.IsNoise(line))
        {
            _accumulator.CountNoise();
            _reportAwaitsTag = false;
            return;
        }

        if (TextLogLineParser.Parse(line) is { } record)
        {
            _inRecord = true;
            _accumulator.CountRecord();
            _reportAwaitsTag = AcceptRecord(record, lineNumber) is not null;
            return;
        }

        if (!_inRecord)
        {
            throw new EventFormatException(sourceName, lineNumber, 1, "not a sandbox report or a log line of a known style (syslog, compact, default, Console export)");
        }

        if (_reportAwaitsTag)
        {
            var last = _accumulator.Entries[^1];
            var tag = last.Report.Tag is null ? line : last.Report.Tag + "\n" + line;
            _accumulator.ReplaceLast(last with { Report = last.Report with { Tag = tag } });
        }
    }

    public SandboxLogRead Build() => _accumulator.Build();

    private SandboxLogEntry? AcceptRecord(TextLogRecord record, int lineNumber)
    {
        if (record.Style == TextLogStyle.Bare)
        {
            return AddFromKernel(record, lineNumber, fromSandbox: true);
        }

        if (record.Process == "sandboxd")
        {
            return AcceptLegacy(record, lineNumber);
        }

        var isKernel = record.Process == "kernel" && record.Pid is null or 0;
        if (!isKernel || record.Sender is not (null or "Sandbox"))
        {
            if (SandboxMessageParser.Parse(record.Message).Kind == KernelMessageKind.Report)
            {
                _accumulator.CountUnverified();
            }
            else
            {
                _accumulator.CountUnrelated();
            }

            return null;
        }

        return AddFromKernel(record, lineNumber, fromSandbox: record.Sender == "Sandbox");
    }

    private SandboxLogEntry? AddFromKernel(TextLogRecord record, int lineNumber, bool fromSandbox)
    {
        var message = SandboxMessageParser.Parse(record.Message);
        var looksLikeReport = fromSandbox
            || record.Message.StartsWith("Sandbox:", StringComparison.Ordinal)
            || record.Message.StartsWith("System Policy:", StringComparison.Ordinal);
        if (message.Kind == KernelMessageKind.Other && !looksLikeReport)
        {
            _accumulator.CountUnrelated();
            return null;
        }

        return _accumulator.AddKernelMessage(message, lineNumber, record.Time, record.Message);
    }

    private SandboxLogEntry? AcceptLegacy(TextLogRecord record, int lineNumber)
    {
        if (SandboxMessageParser.ParseLegacy(record.Message) is not { } report)
        {
            _accumulator.CountUnrelated();
            return null;
        }

        return _accumulator.AddKernelMessage(new KernelMessage(KernelMessageKind.Report, report), lineNumber, record.Time, record.Message);
    }
}
