namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>
/// The text after <c> = </c>: <c>0</c>, <c>0x7f…</c>, <c>3&lt;/etc/hostname&gt;</c>, <c>4&lt;/tmp/x&gt;(deleted)</c>,
/// <c>-1 ENOENT (No such file or directory)</c>, <c>? ERESTARTSYS (To be restarted…)</c>, each maybe followed by
/// <c>(INJECTED)</c> when strace's fault injection produced it.
/// </summary>
internal readonly ref struct SyscallResult
{
    private SyscallResult(SyscallOutcome outcome, long value, ReadOnlySpan<byte> errno, ReadOnlySpan<byte> decoration, bool deleted, bool injected)
    {
        Outcome = outcome;
        Value = value;
        Errno = errno;
        Decoration = decoration;
        Deleted = deleted;
        Injected = injected;
    }

    public SyscallOutcome Outcome { get; }

    /// <summary>The returned number when <see cref="Outcome"/> is <see cref="SyscallOutcome.Success"/>.</summary>
    public long Value { get; }

    /// <summary>The error name (<c>ENOENT</c>) of a failure, or the restart code of an unknown result; may be empty.</summary>
    public ReadOnlySpan<byte> Errno { get; }

    /// <summary>The escaped content of the <c>-y</c> decoration of a returned fd (<c>/etc/hostname</c>); empty when none.</summary>
    public ReadOnlySpan<byte> Decoration { get; }

    /// <summary>The returned fd's file was already deleted (<c>(deleted)</c>).</summary>
    public bool Deleted { get; }

    public bool Injected { get; }

    public bool IsSuccess => Outcome == SyscallOutcome.Success;

    public static SyscallResult Parse(ReadOnlySpan<byte> text)
    {
        text = text.Trim((byte)' ');
        var injected = text.EndsWith(" (INJECTED)"u8);
        if (injected)
        {
            text = text[..^11].TrimEnd((byte)' ');
        }

        if (text.IsEmpty || text[0] == (byte)'?')
        {
            var restart = text.Length > 2 ? FirstWord(text[2..]) : default;
            return new SyscallResult(SyscallOutcome.Unknown, 0, restart, default, false, injected);
        }

        var i = 0;
        if (!TryParseNumber(text, ref i, out var value))
        {
            return new SyscallResult(SyscallOutcome.Unknown, 0, default, default, false, injected);
        }

        var rest = text[i..];
        if (value == -1 && rest.Length > 1 && rest[0] == (byte)' ')
        {
            var errno = rest[1] == (byte)'E' ? FirstWord(rest[1..]) : default;
            return new SyscallResult(SyscallOutcome.Failure, value, errno, default, false, injected);
        }

        if (!rest.IsEmpty && rest[0] == (byte)'<')
        {
            var end = StraceText.SkipDecoration(text, i);
            if (end > 0)
            {
                var deleted = text[end..].StartsWith("(deleted)"u8);
                return new SyscallResult(SyscallOutcome.Success, value, default, text[(i + 1)..(end - 1)], deleted, injected);
            }
        }

        return new SyscallResult(SyscallOutcome.Success, value, default, default, false, injected);
    }

    /// <summary>Reads a decimal (maybe negative) or <c>0x</c> hexadecimal integer at <paramref name="index"/>.</summary>
    public static bool TryParseNumber(ReadOnlySpan<byte> text, ref int index, out long value)
    {
        value = 0;
        var i = index;
        var negative = i < text.Length && text[i] == (byte)'-';
        if (negative)
        {
            i++;
        }

        if (i + 1 < text.Length && text[i] == (byte)'0' && (text[i + 1] | 0x20) == (byte)'x')
        {
            i += 2;
            var start = i;
            ulong hex = 0;
            while (i < text.Length && char.IsAsciiHexDigit((char)text[i]))
            {
                var c = text[i];
                hex = (hex << 4) | (uint)(c <= (byte)'9' ? c - '0' : (c | 0x20) - 'a' + 10);
                i++;
            }

            if (i == start)
            {
                return false;
            }

            value = negative ? -(long)hex : (long)hex;
            index = i;
            return true;
        }

        var digitsStart = i;
        while (i < text.Length && char.IsAsciiDigit((char)text[i]))
        {
            value = (value * 10) + (text[i] - (byte)'0');
            i++;
        }

        if (i == digitsStart)
        {
            return false;
        }

        if (negative)
        {
            value = -value;
        }

        index = i;
        return true;
    }

    private static ReadOnlySpan<byte> FirstWord(ReadOnlySpan<byte> text)
    {
        var end = text.IndexOf((byte)' ');
        return end < 0 ? text : text[..end];
    }
}
