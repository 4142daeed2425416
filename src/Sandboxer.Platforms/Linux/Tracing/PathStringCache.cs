using Sandboxer.Events;

namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>
/// Turns path bytes into strings (<see cref="PathBytes.Decode"/>: non-UTF-8 bytes survive as surrogate escapes),
/// reusing the string for bytes seen before. Traces repeat the same few thousand paths millions of times; the cache
/// is cleared when it reaches its capacity, so its memory stays bounded.
/// </summary>
internal sealed class PathStringCache
{
    private readonly Dictionary<byte[], string> _strings;
    private readonly Dictionary<byte[], string>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private readonly int _capacity;

    public PathStringCache(int capacity = 65536)
    {
        _capacity = capacity;
        _strings = new Dictionary<byte[], string>(ByteSequenceComparer.Instance);
        _lookup = _strings.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public int Count => _strings.Count;

    public string Get(ReadOnlySpan<byte> bytes)
    {
        if (_lookup.TryGetValue(bytes, out var text))
        {
            return text;
        }

        if (_strings.Count >= _capacity)
        {
            _strings.Clear();
        }

        text = PathBytes.Decode(bytes);
        _lookup[bytes] = text;
        return text;
    }

    private sealed class ByteSequenceComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly ByteSequenceComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => GetHashCode(obj.AsSpan());

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var hash = new HashCode();
            hash.AddBytes(alternate);
            return hash.ToHashCode();
        }

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
