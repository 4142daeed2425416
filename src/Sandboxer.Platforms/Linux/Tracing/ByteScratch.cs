namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>
/// A reusable arena for the bytes decoded while one syscall line is handled (unescaped strings, joined paths).
/// Spans handed out stay valid until <see cref="Reset"/>: growing allocates a new array and leaves the old one to
/// the spans that still point into it.
/// </summary>
internal sealed class ByteScratch
{
    private byte[] _buffer = new byte[8192];
    private int _used;

    public void Reset() => _used = 0;

    public Span<byte> Allocate(int length)
    {
        if (_used + length > _buffer.Length)
        {
            _buffer = new byte[Math.Max(_buffer.Length * 2, length + 1024)];
            _used = 0;
        }

        var span = _buffer.AsSpan(_used, length);
        _used += length;
        return span;
    }

    /// <summary>Gives back the unused tail of the most recent allocation.</summary>
    public void Shrink(Span<byte> allocated, int used) => _used -= allocated.Length - used;
}
