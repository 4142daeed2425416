namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>
/// Cuts a stream of strace output into lines (strace escapes newlines inside strings, so a raw <c>\n</c> always
/// ends a line) without holding more than one line: the buffer grows to the longest line seen, up to
/// <see cref="MaxLineLength"/> (longer lines are skipped and counted), and shrinks back afterwards.
/// </summary>
internal static class StraceLineReader
{
    /// <summary>Longest line accepted (an execve with thousands of 4 KiB arguments stays below it).</summary>
    public const int MaxLineLength = 16 * 1024 * 1024;

    private const int InitialSize = 64 * 1024;

    /// <summary>Reads <paramref name="stream"/> to its end, handing each line (without its newline) to the processor.</summary>
    public static void Read(Stream stream, StraceTraceProcessor processor, int defaultPid = 0)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(processor);
        var buffer = new byte[InitialSize];
        var start = 0;
        var end = 0;
        var skipping = false;
        while (true)
        {
            if (end == buffer.Length)
            {
                if (start > 0)
                {
                    buffer.AsSpan(start, end - start).CopyTo(buffer);
                    end -= start;
                    start = 0;
                }
                else if (buffer.Length < MaxLineLength)
                {
                    Array.Resize(ref buffer, Math.Min(buffer.Length * 2, MaxLineLength));
                }
                else
                {
                    processor.Counters.OversizedLines++;
                    skipping = true;
                    start = end = 0;
                }
            }

            var read = stream.Read(buffer, end, buffer.Length - end);
            if (read == 0)
            {
                break;
            }

            var scanFrom = end;
            end += read;
            while (true)
            {
                var newline = buffer.AsSpan(scanFrom, end - scanFrom).IndexOf((byte)'\n');
                if (newline < 0)
                {
                    break;
                }

                var lineEnd = scanFrom + newline;
                if (skipping)
                {
                    skipping = false;
                }
                else
                {
                    processor.ProcessLine(buffer.AsSpan(start, lineEnd - start), defaultPid);
                }

                start = lineEnd + 1;
                scanFrom = start;
            }

            if (start == end)
            {
                start = end = 0;
                if (buffer.Length > InitialSize * 16)
                {
                    buffer = new byte[InitialSize];
                }
            }
        }

        if (end > start && !skipping)
        {
            processor.ProcessLine(buffer.AsSpan(start, end - start), defaultPid);
        }
    }
}
