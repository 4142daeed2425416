using System.Buffers.Binary;
using System.Text;
using Sandboxer.Events;

namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>
/// Reads executables from this machine's filesystem: resolves symlinks, reads the ELF program headers for
/// <c>PT_INTERP</c> and the first line of scripts for <c>#!</c>. Results are cached (bounded).
/// </summary>
internal sealed class FileSystemExecutableInspector : IExecutableInspector
{
    private const int PtInterp = 3;
    private const int ShebangLimit = 256;
    private const int CacheCapacity = 4096;

    private static ReadOnlySpan<byte> ElfMagic => [0x7f, (byte)'E', (byte)'L', (byte)'F'];

    private readonly Dictionary<string, ExecutableImage?> _cache = new(StringComparer.Ordinal);

    public ExecutableImage? Inspect(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (_cache.TryGetValue(path, out var cached))
        {
            return cached;
        }

        if (_cache.Count >= CacheCapacity)
        {
            _cache.Clear();
        }

        var image = Read(path);
        _cache[path] = image;
        return image;
    }

    private static ExecutableImage? Read(string path)
    {
        try
        {
            var resolved = RealPath(path);
            using var file = File.OpenHandle(resolved, FileMode.Open, FileAccess.Read);
            Span<byte> header = stackalloc byte[64];
            var length = RandomAccess.Read(file, header, 0);
            header = header[..length];
            if (header.StartsWith("#!"u8))
            {
                return new ExecutableImage(resolved, false, null, ReadShebang(file));
            }

            if (header.Length >= 52 && header.StartsWith(ElfMagic))
            {
                return new ExecutableImage(resolved, true, ReadElfInterpreter(file, header), null);
            }

            return new ExecutableImage(resolved, false, null, null);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The path with every symlink resolved, component by component (like realpath(3)).</summary>
    private static string RealPath(string path)
    {
        var resolved = "/";
        var pending = new Stack<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var hops = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                resolved = Path.GetDirectoryName(resolved) ?? "/";
                continue;
            }

            var candidate = Path.Join(resolved, part);
            var info = new FileInfo(candidate);
            if (info.LinkTarget is { } target)
            {
                if (++hops > 40)
                {
                    throw new IOException("too many levels of symbolic links: " + path);
                }

                foreach (var piece in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
                {
                    pending.Push(piece);
                }

                if (target.StartsWith('/'))
                {
                    resolved = "/";
                }

                continue;
            }

            resolved = candidate;
        }

        return resolved;
    }

    private static string? ReadShebang(Microsoft.Win32.SafeHandles.SafeFileHandle file)
    {
        Span<byte> line = stackalloc byte[ShebangLimit];
        var length = RandomAccess.Read(file, line, 0);
        line = line[2..length];
        var end = line.IndexOf((byte)'\n');
        if (end >= 0)
        {
            line = line[..end];
        }

        line = line.Trim(" \t"u8);
        var space = line.IndexOfAny(" \t"u8);
        var interpreter = space < 0 ? line : line[..space];
        return interpreter.IsEmpty ? null : PathBytes.Decode(interpreter);
    }

    private static string? ReadElfInterpreter(Microsoft.Win32.SafeHandles.SafeFileHandle file, ReadOnlySpan<byte> header)
    {
        var is64 = header[4] == 2;
        var little = header[5] == 1;
        long programHeaders = is64 ? Read64(header[32..], little) : Read32(header[28..], little);
        int entrySize = Read16(header[(is64 ? 54 : 42)..], little);
        int count = Read16(header[(is64 ? 56 : 44)..], little);
        if (entrySize < (is64 ? 56 : 32) || count > 4096)
        {
            return null;
        }

        var table = new byte[entrySize * count];
        if (RandomAccess.Read(file, table, programHeaders) < table.Length)
        {
            return null;
        }

        for (var i = 0; i < count; i++)
        {
            var entry = table.AsSpan(i * entrySize, entrySize);
            if (Read32(entry, little) != PtInterp)
            {
                continue;
            }

            var offset = is64 ? Read64(entry[8..], little) : Read32(entry[4..], little);
            var size = is64 ? Read64(entry[32..], little) : Read32(entry[16..], little);
            if (size is <= 0 or > 4096)
            {
                return null;
            }

            var name = new byte[size];
            var read = RandomAccess.Read(file, name, offset);
            var text = name.AsSpan(0, read);
            var nul = text.IndexOf((byte)0);
            return Encoding.UTF8.GetString(nul >= 0 ? text[..nul] : text);
        }

        return null;
    }

    private static ushort Read16(ReadOnlySpan<byte> data, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(data) : BinaryPrimitives.ReadUInt16BigEndian(data);

    private static uint Read32(ReadOnlySpan<byte> data, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(data) : BinaryPrimitives.ReadUInt32BigEndian(data);

    private static long Read64(ReadOnlySpan<byte> data, bool little) =>
        (long)(little ? BinaryPrimitives.ReadUInt64LittleEndian(data) : BinaryPrimitives.ReadUInt64BigEndian(data));
}
