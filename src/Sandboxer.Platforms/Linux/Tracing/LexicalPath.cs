namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>
/// Absolute paths on bytes: joins a relative path to a directory and normalises <c>.</c>, <c>..</c> and repeated
/// slashes lexically (the kernel resolves symlinks; strace's <c>-y</c> decorations give the resolved form when
/// there is one).
/// </summary>
internal static class LexicalPath
{
    /// <summary>
    /// <paramref name="path"/> made absolute against <paramref name="directory"/> (which must be absolute) and
    /// normalised; the result may point into either input or into <paramref name="scratch"/>.
    /// </summary>
    public static ReadOnlySpan<byte> Resolve(ReadOnlySpan<byte> directory, ReadOnlySpan<byte> path, ByteScratch scratch)
    {
        if (!path.IsEmpty && path[0] == (byte)'/')
        {
            return Normalize(path, scratch);
        }

        if (path.IsEmpty || (path.Length == 1 && path[0] == (byte)'.'))
        {
            return Normalize(directory, scratch);
        }

        var joined = scratch.Allocate(directory.Length + 1 + path.Length);
        directory.CopyTo(joined);
        joined[directory.Length] = (byte)'/';
        path.CopyTo(joined[(directory.Length + 1)..]);
        return Normalize(joined, scratch);
    }

    /// <summary>Normalises an absolute path; returns it unchanged (no copy) when it is already normal.</summary>
    public static ReadOnlySpan<byte> Normalize(ReadOnlySpan<byte> path, ByteScratch scratch)
    {
        if (IsNormal(path))
        {
            return path;
        }

        var output = scratch.Allocate(path.Length + 1);
        var length = 0;
        var i = 0;
        while (i < path.Length)
        {
            while (i < path.Length && path[i] == (byte)'/')
            {
                i++;
            }

            var start = i;
            while (i < path.Length && path[i] != (byte)'/')
            {
                i++;
            }

            var segment = path[start..i];
            if (segment.IsEmpty || (segment.Length == 1 && segment[0] == (byte)'.'))
            {
                continue;
            }

            if (segment.Length == 2 && segment[0] == (byte)'.' && segment[1] == (byte)'.')
            {
                var slash = output[..length].LastIndexOf((byte)'/');
                length = slash < 0 ? 0 : slash;
                continue;
            }

            output[length++] = (byte)'/';
            segment.CopyTo(output[length..]);
            length += segment.Length;
        }

        if (length == 0)
        {
            output[length++] = (byte)'/';
        }

        scratch.Shrink(output, length);
        return output[..length];
    }

    /// <summary>The last path component (everything after the last slash).</summary>
    public static ReadOnlySpan<byte> FileName(ReadOnlySpan<byte> path)
    {
        var slash = path.LastIndexOf((byte)'/');
        return slash < 0 ? path : path[(slash + 1)..];
    }

    private static bool IsNormal(ReadOnlySpan<byte> path)
    {
        if (path.IsEmpty || path[0] != (byte)'/')
        {
            return false;
        }

        if (path.Length == 1)
        {
            return true;
        }

        if (path[^1] == (byte)'/')
        {
            return false;
        }

        var i = 0;
        while (true)
        {
            var next = path[(i + 1)..].IndexOf((byte)'/');
            var end = next < 0 ? path.Length : i + 1 + next;
            var segment = path[(i + 1)..end];
            if (segment.IsEmpty || (segment[0] == (byte)'.' && (segment.Length == 1 || (segment.Length == 2 && segment[1] == (byte)'.'))))
            {
                return false;
            }

            if (next < 0)
            {
                return true;
            }

            i = end;
        }
    }
}
