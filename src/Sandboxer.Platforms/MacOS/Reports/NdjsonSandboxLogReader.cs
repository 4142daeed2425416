using System.Text.Json;
using Sandboxer.Events;

namespace Sandboxer.Platforms.MacOS.Reports;

/// <summary>
/// Reads <c>log stream|show --style ndjson</c> output line by line (docs/macos-runtime.md §2.2–2.3): a non-JSON
/// banner (<c>Filtering the log data using …</c>), one JSON object per record, a blank line and a
/// <c>{"count":N,"finished":1}</c> trailer. Only records whose <c>processID</c> is 0 and whose
/// <c>senderImagePath</c> ends in <c>/Sandbox</c> are trusted; the report is the record's <c>eventMessage</c>.
/// A line that is neither noise nor a JSON object is an error (<see cref="EventFormatException"/>).
/// </summary>
internal sealed class NdjsonSandboxLogReader(string sourceName)
{
    private const string Banner = "Filtering the log data using ";
    private readonly SandboxLogAccumulator _accumulator = new();

    /// <summary>Reads a whole capture.</summary>
    public static SandboxLogRead Read(TextReader input, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(input);
        var reader = new NdjsonSandboxLogReader(sourceName);
        var lineNumber = 0;
        while (input.ReadLine() is { } line)
        {
            reader.Accept(line, ++lineNumber);
        }

        return reader.Build();
    }

    /// <summary>Reads one line; returns the profile report it carried, if any.</summary>
    public SandboxLogEntry? Accept(string line, int lineNumber)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (string.IsNullOrWhiteSpace(line) || line.StartsWith(Banner, StringComparison.Ordinal))
        {
            _accumulator.CountNoise();
            return null;
        }

        var start = line.AsSpan().IndexOfAnyExcept(' ', '\t');
        if (line[start] != '{')
        {
            throw new EventFormatException(sourceName, lineNumber, start + 1, "expected a JSON log record (`log stream --style ndjson`), found text");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            var column = (int)(ex.BytePositionInLine ?? 0) + 1;
            throw new EventFormatException(sourceName, lineNumber, column, "malformed JSON log record: " + FirstSentence(ex.Message));
        }

        using (document)
        {
            return Accept(document.RootElement, lineNumber);
        }
    }

    public SandboxLogRead Build() => _accumulator.Build();

    private SandboxLogEntry? Accept(JsonElement record, int lineNumber)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            throw new EventFormatException(sourceName, lineNumber, 1, "expected a JSON object per line");
        }

        if (record.TryGetProperty("finished", out _))
        {
            _accumulator.CountNoise();
            if (record.TryGetProperty("count", out var count) && count.TryGetInt64(out var number))
            {
                _accumulator.SetStreamCount(number);
            }

            return null;
        }

        _accumulator.CountRecord();
        if (record.TryGetProperty("eventType", out var eventType) && eventType.ValueKind == JsonValueKind.String && eventType.GetString() != "logEvent")
        {
            _accumulator.CountUnrelated();
            return null;
        }

        if (!record.TryGetProperty("eventMessage", out var messageElement) || messageElement.ValueKind != JsonValueKind.String)
        {
            throw new EventFormatException(sourceName, lineNumber, 1, "log record has no `eventMessage` string");
        }

        var text = messageElement.GetString()!;
        var message = SandboxMessageParser.Parse(text);
        if (!IsFromSandboxKernelExtension(record))
        {
            if (message.Kind == KernelMessageKind.Report)
            {
                _accumulator.CountUnverified();
            }
            else
            {
                _accumulator.CountUnrelated();
            }

            return null;
        }

        var time = record.TryGetProperty("timestamp", out var timestamp) && timestamp.ValueKind == JsonValueKind.String
            ? LogTimestamp.Parse(timestamp.GetString())
            : null;
        return _accumulator.AddKernelMessage(message, lineNumber, time, text);
    }

    /// <summary>The kernel writes reports: <c>processID</c> 0 and the Sandbox kext as sender.</summary>
    private static bool IsFromSandboxKernelExtension(JsonElement record) =>
        record.TryGetProperty("processID", out var pid) && pid.ValueKind == JsonValueKind.Number && pid.TryGetInt64(out var number) && number == 0
        && record.TryGetProperty("senderImagePath", out var sender) && sender.ValueKind == JsonValueKind.String
        && sender.GetString()!.EndsWith("/Sandbox", StringComparison.Ordinal);

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message.TrimEnd('.');
    }
}
