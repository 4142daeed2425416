using Sandboxer.Collections;

namespace Sandboxer.Platforms.Linux.Landlock;

/// <summary>
/// Whether the target runs in its own network namespace holding only a loopback interface. With
/// <see cref="LoopbackOnly"/> no packet can leave the machine (TCP, UDP, raw, ICMP alike) and abstract UNIX sockets
/// of the host are out of reach; <see cref="HostLoopbackPorts"/> are relayed from the namespace's
/// <c>127.0.0.1</c>/<c>::1</c> to the same port on the host's loopback, so a local database or dev server the
/// profile allows keeps working.
/// </summary>
internal sealed record NetworkIsolation(bool LoopbackOnly, EquatableArray<int> HostLoopbackPorts)
{
    public static NetworkIsolation None { get; } = new(false, EquatableArray<int>.Empty);

    public static NetworkIsolation Loopback(IEnumerable<int> hostLoopbackPorts) =>
        new(true, [.. hostLoopbackPorts.Distinct().Order()]);
}
