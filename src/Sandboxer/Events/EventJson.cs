using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Sandboxer.Events;

/// <summary>
/// The JSON Lines form of <see cref="AccessEvent"/> (docs/cli.md, "Events"): one object per line with the fields
/// <c>op</c>, <c>path</c>, <c>requestedPath</c>, <c>local</c>, <c>remote</c>, <c>name</c>, <c>target</c>,
/// <c>signal</c>, <c>fileType</c>, <c>pid</c>, <c>ppid</c>, <c>process</c>, <c>executable</c>, <c>result</c>,
/// <c>count</c>, <c>syscall</c>, <c>tag</c>, <c>time</c>. Paths that are not valid UTF-8 are written lossily in
/// <c>path</c> and exactly, base64-encoded, in <c>pathBytes</c>. Unknown fields are ignored when reading.
/// </summary>
public static class EventJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>Writes one event as a single line of JSON (no line break).</summary>
    public static string Serialize(AccessEvent accessEvent)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, accessEvent);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static void Write(Utf8JsonWriter writer, AccessEvent e)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(e);
        writer.WriteStartObject();
        writer.WriteString("op", e.Operation);
        WritePath(writer, "path", "pathBytes", e.Path);
        WritePath(writer, "requestedPath", "requestedPathBytes", e.RequestedPath);
        WriteEndpoint(writer, "local", e.Local);
        WriteEndpoint(writer, "remote", e.Remote);
        WriteOptional(writer, "name", e.Name);
        WriteOptional(writer, "target", e.Target);
        if (e.Signal is { } signal)
        {
            writer.WriteNumber("signal", signal);
        }

        WriteOptional(writer, "fileType", e.FileType);
        writer.WriteNumber("pid", e.Pid);
        if (e.Ppid is { } ppid)
        {
            writer.WriteNumber("ppid", ppid);
        }

        WriteOptional(writer, "process", e.Process);
        WriteOptional(writer, "executable", e.Executable);
        writer.WriteString("result", e.Result.ToString());
        if (e.Count != 1)
        {
            writer.WriteNumber("count", e.Count);
        }

        WriteOptional(writer, "syscall", e.Syscall);
        WriteOptional(writer, "tag", e.Tag);
        if (e.Time is { } time)
        {
            writer.WriteNumber("time", time);
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes events as JSON Lines.</summary>
    public static void WriteAll(TextWriter output, IEnumerable<AccessEvent> events)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            output.Write(Serialize(e));
            output.Write('\n');
        }
    }

    /// <summary>
    /// Reads JSON Lines. Blank lines are skipped. A malformed line throws <see cref="EventFormatException"/> naming
    /// <paramref name="sourceName"/>, the line and the column.
    /// </summary>
    public static IEnumerable<AccessEvent> ReadAll(TextReader input, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(input);
        var lineNumber = 0;
        while (input.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            yield return Parse(line, sourceName, lineNumber);
        }
    }

    /// <summary>Parses one line; <paramref name="lineNumber"/> is used in error messages.</summary>
    public static AccessEvent Parse(string line, string sourceName, int lineNumber)
    {
        ArgumentNullException.ThrowIfNull(line);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            var column = (int)(ex.BytePositionInLine ?? 0) + 1;
            throw new EventFormatException(sourceName, lineNumber, column, "not a JSON object: " + FirstSentence(ex.Message));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new EventFormatException(sourceName, lineNumber, 1, "expected a JSON object");
            }

            var reader = new FieldReader(root, sourceName, lineNumber);
            var op = reader.String("op") ?? throw new EventFormatException(sourceName, lineNumber, 1, "missing field `op`");
            var resultText = reader.String("result") ?? "ok";
            if (!AccessResult.TryParse(resultText, out var result))
            {
                throw new EventFormatException(sourceName, lineNumber, 1, $"`result` must be ok, denied or error:ERRNO, not `{resultText}`");
            }

            return new AccessEvent
            {
                Operation = op,
                Path = reader.Path("path", "pathBytes"),
                RequestedPath = reader.Path("requestedPath", "requestedPathBytes"),
                Local = reader.Endpoint("local"),
                Remote = reader.Endpoint("remote"),
                Name = reader.String("name"),
                Target = reader.String("target"),
                Signal = reader.Int("signal"),
                FileType = reader.String("fileType"),
                Pid = reader.Int("pid") ?? 0,
                Ppid = reader.Int("ppid"),
                Process = reader.String("process"),
                Executable = reader.String("executable"),
                Result = result,
                Count = reader.Long("count") ?? 1,
                Syscall = reader.String("syscall"),
                Tag = reader.String("tag"),
                Time = reader.Double("time"),
            };
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message.TrimEnd('.');
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WritePath(Utf8JsonWriter writer, string name, string bytesName, string? path)
    {
        if (path is null)
        {
            return;
        }

        if (PathBytes.HasEscapes(path))
        {
            var bytes = PathBytes.Encode(path);
            writer.WriteString(name, Encoding.UTF8.GetString(bytes));
            writer.WriteBase64String(bytesName, bytes);
        }
        else
        {
            writer.WriteString(name, path);
        }
    }

    private static void WriteEndpoint(Utf8JsonWriter writer, string name, NetworkEndpoint? endpoint)
    {
        if (endpoint is null)
        {
            return;
        }

        writer.WriteStartObject(name);
        writer.WriteString("proto", endpoint.Protocol);
        writer.WriteString("host", endpoint.Host);
        if (endpoint.Port is { } port)
        {
            writer.WriteNumber("port", port);
        }
        else
        {
            writer.WriteString("port", "*");
        }

        writer.WriteEndObject();
    }

    private readonly struct FieldReader(JsonElement root, string sourceName, int lineNumber)
    {
        public string? String(string name)
        {
            if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : throw Error($"field `{name}` must be a string");
        }

        public string? Path(string name, string bytesName)
        {
            if (root.TryGetProperty(bytesName, out var bytes) && bytes.ValueKind == JsonValueKind.String)
            {
                try
                {
                    return PathBytes.Decode(bytes.GetBytesFromBase64());
                }
                catch (FormatException)
                {
                    throw Error($"field `{bytesName}` must be base64");
                }
            }

            return String(name);
        }

        public int? Int(string name)
        {
            var value = Long(name);
            return value is null ? null : value is >= int.MinValue and <= int.MaxValue ? (int)value : throw Error($"field `{name}` is out of range");
        }

        public long? Long(string name)
        {
            if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
                ? number
                : throw Error($"field `{name}` must be an integer");
        }

        public double? Double(string name)
        {
            if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw Error($"field `{name}` must be a number");
        }

        public NetworkEndpoint? Endpoint(string name)
        {
            if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                throw Error($"field `{name}` must be an object with proto, host and port");
            }

            var proto = value.TryGetProperty("proto", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : "ip";
            var host = value.TryGetProperty("host", out var h) && h.ValueKind == JsonValueKind.String ? h.GetString()! : "*";
            int? port = null;
            if (value.TryGetProperty("port", out var portValue))
            {
                if (portValue.ValueKind == JsonValueKind.Number && portValue.TryGetInt32(out var number) && number is >= 0 and <= 65535)
                {
                    port = number;
                }
                else if (!(portValue.ValueKind == JsonValueKind.String && portValue.GetString() == "*") && portValue.ValueKind != JsonValueKind.Null)
                {
                    throw Error($"`{name}.port` must be a number from 0 to 65535 or \"*\"");
                }
            }

            return new NetworkEndpoint(proto, host, port);
        }

        private EventFormatException Error(string message) => new(sourceName, lineNumber, 1, message);
    }
}
