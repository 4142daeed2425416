using Sandboxer.Events;

namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>One socket: family, protocol (<c>tcp</c>, <c>udp</c>, <c>ip</c>), and where it is bound.</summary>
internal sealed record SocketState(SocketFamily Family, string Protocol, NetworkEndpoint? Local, string? LocalPath, string? AbstractName);
