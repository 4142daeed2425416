namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>
/// Cuts a stream of strace output into lines (strace escapes newlines inside strings, so a raw <c>\n</c> always
/// ends a line) without holding more than one line: the buffer grows to the longest line seen, up to a maximum
/// (<see cref="MaxLineLength"/> by default; longer lines are skipped and counted), and shrinks back afterwards.
/// </summary>
internal sealed class StraceLineReader
{
    /// <summary>Longest line accepted (an execve with thousands of 4 KiB arguments stays below it).</summary>
    public const int MaxLineLength = 16 * 1024 * 1024;

    private readonly Stream _stream;
    private readonly int _initialSize;
    private readonly int _maxLineLength;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private int _scanFrom;
    private bool _skipping;
    private bool _endOfStream;

    public StraceLineReader(Stream stream, int initialSize = 64 * 1024, int maxLineLength = MaxLineLength)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineLength, initialSize);
        _stream = stream;
        _initialSize = initialSize;
        _maxLineLength = maxLineLength;
        _buffer = new byte[initialSize];
    }

    /// <summary>Lines longer than <see cref="MaxLineLength"/> that were skipped.</summary>
    public long OversizedLines { get; private set; }

    /// <summary>Current buffer size (bounded by the maximum line length).</summary>
    public int BufferSize => _buffer.Length;

    /// <summary>Reads <paramref name="stream"/> to its end, handing each line to the processor.</summary>
    public static void ReadAll(Stream stream, StraceTraceProcessor processor, int defaultPid = 0)
    {
        ArgumentNullException.ThrowIfNull(processor);
        var reader = new StraceLineReader(stream);
        while (reader.TryReadLine(out var line))
        {
            processor.ProcessLine(line, defaultPid);
        }

        processor.Counters.OversizedLines += reader.OversizedLines;
    }

    /// <summary>The next line without its newline; valid until the next call. False at the end of the stream.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_scanFrom, _end - _scanFrom).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var lineEnd = _scanFrom + newline;
                var start = _start;
                _start = _scanFrom = lineEnd + 1;
                if (_skipping)
                {
                    _skipping = false;
                    continue;
                }

                line = _buffer.AsSpan(start, lineEnd - start);
                return true;
            }

            _scanFrom = _end;
            if (_endOfStream)
            {
                var rest = _end - _start;
                var skipped = _skipping;
                _start = _scanFrom = _end;
                line = _buffer.AsSpan(_end - rest, rest);
                return rest > 0 && !skipped;
            }

            Fill();
        }
    }

    private void Fill()
    {
        if (_start == _end)
        {
            _start = _end = _scanFrom = 0;
            if (_buffer.Length > _initialSize * 16)
            {
                _buffer = new byte[_initialSize];
            }
        }

        if (_end == _buffer.Length)
        {
            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _scanFrom -= _start;
                _start = 0;
            }
            else if (_buffer.Length < _maxLineLength)
            {
                Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, _maxLineLength));
            }
            else
            {
                if (!_skipping)
                {
                    OversizedLines++;
                    _skipping = true;
                }

                _start = _end = _scanFrom = 0;
            }
        }

        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _endOfStream = true;
        }

        _end += read;
    }
}
