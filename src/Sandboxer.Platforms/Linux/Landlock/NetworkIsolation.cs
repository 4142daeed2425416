using Sandboxer.Collections;

namespace Sandboxer.Platforms.Linux.Landlock;

/// <summary>
/// Whether the target runs in its own network namespace holding only a loopback interface. With
/// <see cref="LoopbackOnly"/> no packet can leave the machine (TCP, UDP, raw, ICMP alike) and abstract UNIX sockets
/// of the host are out of reach; <see cref="HostLoopbackPorts"/> are relayed from the namespace's
/// <c>127.0.0.1</c>/<c>::1</c> to the same port on the host's loopback, so a local database or dev server the
/// profile allows keeps working. <see cref="InboundPorts"/> go the other way: the host's <c>127.0.0.1</c>/<c>::1</c> port
/// is relayed into the namespace, for the ports the profile lets the program listen on, so a server inside can be
/// reached from the host (an exercise command, a browser).
/// </summary>
internal sealed record NetworkIsolation(bool LoopbackOnly, EquatableArray<int> HostLoopbackPorts)
{
    /// <summary>Ports the program may listen on, reachable from the host's loopback through an inbound relay.</summary>
    public EquatableArray<int> InboundPorts { get; init; } = EquatableArray<int>.Empty;

    public static NetworkIsolation None { get; } = new(false, EquatableArray<int>.Empty);

    public static NetworkIsolation Loopback(IEnumerable<int> hostLoopbackPorts) =>
        new(true, [.. hostLoopbackPorts.Distinct().Order()]);
}
