namespace Sandboxer.Sbpl.Policy;

/// <summary>The protocol word of a network address filter: <c>ip tcp udp</c> with optional 4/6, or a unix socket.</summary>
public enum NetworkProtocol
{
    Ip,
    Ip4,
    Ip6,
    Tcp,
    Tcp4,
    Tcp6,
    Udp,
    Udp4,
    Udp6,
    Unix,
}
