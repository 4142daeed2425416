using System.Globalization;
using System.Net;

namespace Sandboxer.Events;

/// <summary>
/// One end of a network access: protocol (<c>tcp</c>, <c>udp</c>, or <c>ip</c> when unknown), host (an IP address,
/// <c>localhost</c>, or <c>*</c> when the reporter does not say, as macOS kernel reports do) and port
/// (<see langword="null"/> when unknown).
/// </summary>
public sealed record NetworkEndpoint(string Protocol, string Host, int? Port)
{
    /// <summary>True for loopback addresses (127.0.0.0/8, ::1, IPv4-mapped loopback) and the name <c>localhost</c>.</summary>
    public bool IsLoopback =>
        Host == "localhost" || (IPAddress.TryParse(Host, out var address) && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address));

    /// <summary>Address family from the host: 4, 6, or null when the host is not a literal address.</summary>
    public int? AddressFamily => IPAddress.TryParse(Host, out var address)
        ? address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !address.IsIPv4MappedToIPv6 ? 6 : 4
        : null;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Protocol}:{(Host.Contains(':', StringComparison.Ordinal) ? "[" + Host + "]" : Host)}:{(Port is { } p ? p.ToString(CultureInfo.InvariantCulture) : "*")}");
}
