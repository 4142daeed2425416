namespace Sandboxer.Platforms.Linux.Tracing;

internal enum SocketFamily
{
    Unknown,
    Inet,
    Inet6,
    Unix,

    /// <summary>Netlink, packet, … : no Seatbelt network operation.</summary>
    Other,
}
