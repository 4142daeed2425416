namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>Readers for single syscall arguments as strace prints them.</summary>
internal static class StraceArguments
{
    /// <summary>
    /// The escaped content of an fd argument's <c>-y</c> decoration (<c>3&lt;/tmp/x&gt;</c> → <c>/tmp/x</c>), or empty.
    /// </summary>
    public static ReadOnlySpan<byte> Decoration(ReadOnlySpan<byte> argument)
    {
        var open = argument.IndexOf((byte)'<');
        if (open <= 0 || !StraceText.StartsDecoration(argument, open))
        {
            return default;
        }

        var end = StraceText.SkipDecoration(argument, open);
        return end < 0 ? default : argument[(open + 1)..(end - 1)];
    }

    /// <summary>True for the dirfd <c>AT_FDCWD</c> (with or without its decoration) and its raw value -100.</summary>
    public static bool IsCurrentDirectory(ReadOnlySpan<byte> argument) =>
        argument.StartsWith("AT_FDCWD"u8) || argument.SequenceEqual("-100"u8);

    /// <summary>The decoded bytes of a quoted string argument; false for NULL, addresses and anything else.</summary>
    public static bool TryString(ReadOnlySpan<byte> argument, ByteScratch scratch, out ReadOnlySpan<byte> value)
    {
        if (argument.Length < 2 || argument[0] != (byte)'"')
        {
            value = default;
            return false;
        }

        var end = StraceText.SkipQuoted(argument, 0);
        if (end < 0)
        {
            value = default;
            return false;
        }

        var close = argument[..end].EndsWith("\"..."u8) ? end - 4 : end - 1;
        value = StraceText.Unescape(argument[1..close], scratch);
        return true;
    }

    /// <summary>True when the <c>|</c>-separated flag list holds exactly <paramref name="flag"/>.</summary>
    public static bool HasFlag(ReadOnlySpan<byte> flags, ReadOnlySpan<byte> flag)
    {
        while (!flags.IsEmpty)
        {
            var bar = flags.IndexOf((byte)'|');
            var token = bar < 0 ? flags : flags[..bar];
            if (token.SequenceEqual(flag))
            {
                return true;
            }

            if (bar < 0)
            {
                return false;
            }

            flags = flags[(bar + 1)..];
        }

        return false;
    }

    /// <summary>
    /// The value of <c>name=</c> inside a struct or an argument list (<c>{flags=O_RDONLY, resolve=0}</c> →
    /// <c>O_RDONLY</c>): up to the next top-level comma or closing brace. Empty when absent.
    /// </summary>
    public static ReadOnlySpan<byte> Field(ReadOnlySpan<byte> text, ReadOnlySpan<byte> name)
    {
        var start = 0;
        while (true)
        {
            var found = text[start..].IndexOf(name);
            if (found < 0)
            {
                return default;
            }

            var at = start + found;
            if (at == 0 || !(char.IsAsciiLetterOrDigit((char)text[at - 1]) || text[at - 1] == (byte)'_'))
            {
                return LeadingValue(text[(at + name.Length)..]);
            }

            start = at + name.Length;
        }
    }

    /// <summary>
    /// The value at the start of <paramref name="text"/>: up to the first comma or closing bracket that is not
    /// nested in brackets or a string (<c>{a=1, b=2}, c=3</c> → <c>{a=1, b=2}</c>).
    /// </summary>
    public static ReadOnlySpan<byte> LeadingValue(ReadOnlySpan<byte> text)
    {
        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case (byte)'(' or (byte)'[' or (byte)'{':
                    depth++;
                    break;
                case (byte)')' or (byte)']' or (byte)'}':
                    if (depth == 0)
                    {
                        return text[..i];
                    }

                    depth--;
                    break;
                case (byte)',' when depth == 0:
                    return text[..i];
                case (byte)'"':
                    var end = StraceText.SkipQuoted(text, i);
                    if (end < 0)
                    {
                        return text;
                    }

                    i = end - 1;
                    break;
            }
        }

        return text;
    }

    /// <summary>A decimal or hexadecimal integer argument.</summary>
    public static bool TryNumber(ReadOnlySpan<byte> argument, out long value)
    {
        var index = 0;
        return SyscallResult.TryParseNumber(argument, ref index, out value) && index == argument.Length;
    }

    /// <summary>
    /// A file mode as strace prints it (<c>0644</c>, <c>S_IFIFO|0600</c>, <c>S_ISUID|0755</c>): the permission and
    /// set-id bits, and the file type it names (<c>fifo</c>, <c>socket</c>, …) when it names one.
    /// </summary>
    public static (int Bits, string? FileType) Mode(ReadOnlySpan<byte> argument)
    {
        var bits = 0;
        string? type = null;
        while (!argument.IsEmpty)
        {
            var bar = argument.IndexOf((byte)'|');
            var token = bar < 0 ? argument : argument[..bar];
            if (token.SequenceEqual("S_ISUID"u8))
            {
                bits |= 0x800;
            }
            else if (token.SequenceEqual("S_ISGID"u8))
            {
                bits |= 0x400;
            }
            else if (token.SequenceEqual("S_ISVTX"u8))
            {
                bits |= 0x200;
            }
            else if (token.StartsWith("S_IF"u8))
            {
                type = FileTypeOf(token);
            }
            else if (!token.IsEmpty && token[0] == (byte)'0')
            {
                var octal = 0;
                foreach (var digit in token)
                {
                    if (digit is >= (byte)'0' and <= (byte)'7')
                    {
                        octal = (octal << 3) | (digit - '0');
                    }
                }

                bits |= octal & 0xfff;
            }

            argument = bar < 0 ? default : argument[(bar + 1)..];
        }

        return (bits, type);
    }

    /// <summary>The clone flags that matter for the process model, from a flag list (<c>CLONE_VM|CLONE_FS|…</c>).</summary>
    public static CloneFlags CloneFlagsOf(ReadOnlySpan<byte> flags)
    {
        var result = CloneFlags.None;
        if (HasFlag(flags, "CLONE_THREAD"u8))
        {
            result |= CloneFlags.Thread;
        }

        if (HasFlag(flags, "CLONE_FS"u8))
        {
            result |= CloneFlags.FileSystem;
        }

        if (HasFlag(flags, "CLONE_PARENT"u8))
        {
            result |= CloneFlags.Parent;
        }

        return result;
    }

    /// <summary>The event file type for an <c>S_IF…</c> constant.</summary>
    public static string? FileTypeOf(ReadOnlySpan<byte> constant) => constant switch
    {
        _ when constant.SequenceEqual("S_IFREG"u8) => "file",
        _ when constant.SequenceEqual("S_IFDIR"u8) => "directory",
        _ when constant.SequenceEqual("S_IFLNK"u8) => "symlink",
        _ when constant.SequenceEqual("S_IFIFO"u8) => "fifo",
        _ when constant.SequenceEqual("S_IFSOCK"u8) => "socket",
        _ when constant.SequenceEqual("S_IFCHR"u8) || constant.SequenceEqual("S_IFBLK"u8) => "device",
        _ => null,
    };
}
