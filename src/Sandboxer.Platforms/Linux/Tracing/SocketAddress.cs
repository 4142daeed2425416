using System.Text;

namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>
/// A decoded <c>struct sockaddr</c> as strace prints it:
/// <c>{sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}</c>,
/// <c>{sa_family=AF_INET6, sin6_port=htons(0), …, inet_pton(AF_INET6, "::1", &amp;sin6_addr), …}</c>,
/// <c>{sa_family=AF_UNIX, sun_path="/tmp/s"}</c> or <c>sun_path=@"abstract"</c>.
/// </summary>
internal readonly ref struct SocketAddress
{
    private SocketAddress(SocketFamily family, string? host, int? port, ReadOnlySpan<byte> unixPath, bool isAbstract)
    {
        Family = family;
        Host = host;
        Port = port;
        UnixPath = unixPath;
        IsAbstract = isAbstract;
    }

    public SocketFamily Family { get; }

    /// <summary>The IP address as printed (<c>127.0.0.1</c>, <c>::1</c>).</summary>
    public string? Host { get; }

    public int? Port { get; }

    /// <summary>The decoded <c>sun_path</c> bytes (without the <c>@</c> of an abstract name).</summary>
    public ReadOnlySpan<byte> UnixPath { get; }

    public bool IsAbstract { get; }

    public static bool TryParse(ReadOnlySpan<byte> text, ByteScratch scratch, out SocketAddress address)
    {
        address = default;
        var family = StraceArguments.Field(text, "sa_family="u8);
        if (family.SequenceEqual("AF_INET"u8) || family.SequenceEqual("AF_INET6"u8))
        {
            var v6 = family.Length == 8;
            var portText = StraceArguments.Field(text, v6 ? "sin6_port="u8 : "sin_port="u8);
            int? port = portText.StartsWith("htons("u8) && StraceArguments.TryNumber(portText[6..^1], out var number) ? (int)number : null;
            var host = v6 ? QuotedAfter(text, "inet_pton(AF_INET6, "u8, scratch) : QuotedAfter(text, "inet_addr("u8, scratch);
            address = new SocketAddress(v6 ? SocketFamily.Inet6 : SocketFamily.Inet, host is null ? null : Encoding.ASCII.GetString(host.Value.Span), port, default, false);
            return true;
        }

        if (family.SequenceEqual("AF_UNIX"u8) || family.SequenceEqual("AF_LOCAL"u8))
        {
            var path = StraceArguments.Field(text, "sun_path="u8);
            var isAbstract = !path.IsEmpty && path[0] == (byte)'@';
            if (isAbstract)
            {
                path = path[1..];
            }

            StraceArguments.TryString(path, scratch, out var bytes);
            address = new SocketAddress(SocketFamily.Unix, null, null, bytes, isAbstract);
            return true;
        }

        address = new SocketAddress(family.IsEmpty ? SocketFamily.Unknown : SocketFamily.Other, null, null, default, false);
        return !family.IsEmpty;
    }

    private static ReadOnlyMemory<byte>? QuotedAfter(ReadOnlySpan<byte> text, ReadOnlySpan<byte> prefix, ByteScratch scratch)
    {
        var at = text.IndexOf(prefix);
        if (at < 0)
        {
            return null;
        }

        var rest = text[(at + prefix.Length)..];
        return StraceArguments.TryString(rest[..Math.Max(0, StraceText.SkipQuoted(rest, 0))], scratch, out var value)
            ? value.ToArray()
            : null;
    }
}
