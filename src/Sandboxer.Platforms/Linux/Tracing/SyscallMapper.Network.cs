using Sandboxer.Events;

namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>
/// Socket calls: <c>socket</c> records the protocol per socket inode, <c>bind</c> the local address; binds, listens,
/// accepts, connects and addressed sends become network operations. AF_UNIX pathname sockets carry their path;
/// abstract ones (no macOS analogue: Linux-only) carry their name with a leading <c>@</c> and no path.
/// </summary>
internal sealed partial class SyscallMapper
{
    private void MapSocket(in Call call)
    {
        var inode = SocketTable.Inode(call.Result.Decoration);
        if (!call.Result.IsSuccess || inode < 0)
        {
            return;
        }

        var domain = call.Argument(0);
        var type = call.Argument(1);
        var family = domain.SequenceEqual("AF_INET"u8) ? SocketFamily.Inet
            : domain.SequenceEqual("AF_INET6"u8) ? SocketFamily.Inet6
            : domain.SequenceEqual("AF_UNIX"u8) || domain.SequenceEqual("AF_LOCAL"u8) ? SocketFamily.Unix
            : SocketFamily.Other;
        var protocol = StraceArguments.HasFlag(type, "SOCK_STREAM"u8) ? "tcp"
            : StraceArguments.HasFlag(type, "SOCK_DGRAM"u8) ? "udp"
            : "ip";
        _sockets.Created(inode, family, protocol);
    }

    private void MapBind(in Call call)
    {
        var decoration = StraceArguments.Decoration(call.Argument(0));
        var inode = SocketTable.Inode(decoration);
        var state = _sockets.Find(inode);
        if (!SocketAddress.TryParse(call.Argument(1), _scratch, out var address))
        {
            _counters.IgnoredCalls++;
            return;
        }

        var result = Outcome(call);
        switch (address.Family)
        {
            case SocketFamily.Inet or SocketFamily.Inet6:
                var protocol = SocketTable.ProtocolOf(decoration) ?? state?.Protocol ?? "ip";
                var host = address.Host is "0.0.0.0" or "::" ? "*" : address.Host ?? "*";
                var local = new NetworkEndpoint(protocol, host, address.Port);
                Emit(call, Operations.NetworkBind, result, local: local);
                if (call.Result.IsSuccess && inode >= 0)
                {
                    _sockets.Bound(inode, new SocketState(address.Family, protocol, local, null, null));
                }

                break;
            case SocketFamily.Unix when address.IsAbstract:
                var name = AbstractName(address.UnixPath);
                Emit(call, Operations.NetworkBind, result, name: name, fileType: "socket");
                if (call.Result.IsSuccess && inode >= 0)
                {
                    _sockets.Bound(inode, new SocketState(SocketFamily.Unix, state?.Protocol ?? "ip", null, null, name));
                }

                break;
            case SocketFamily.Unix when !address.UnixPath.IsEmpty:
                var path = PathFromCwd(call, address.UnixPath);
                if (path.IsResolved)
                {
                    Emit(call, Operations.NetworkBind, result, path.Path, fileType: "socket");
                    Emit(call, Operations.FileWriteCreate, result, path.Path, fileType: "socket");
                    if (call.Result.IsSuccess && inode >= 0)
                    {
                        _sockets.Bound(inode, new SocketState(SocketFamily.Unix, state?.Protocol ?? "ip", null, path.Path, null));
                    }
                }

                break;
            default:
                _counters.IgnoredCalls++;
                break;
        }
    }

    /// <summary><c>listen</c> and <c>accept</c>: inbound on the address the socket was bound to.</summary>
    private void MapInbound(in Call call)
    {
        var decoration = StraceArguments.Decoration(call.Argument(0));
        var state = _sockets.Find(SocketTable.Inode(decoration));
        var result = Outcome(call);
        if (state?.LocalPath is { } path)
        {
            Emit(call, Operations.NetworkInbound, result, path, fileType: "socket");
        }
        else if (state?.AbstractName is { } name)
        {
            Emit(call, Operations.NetworkInbound, result, name: name, fileType: "socket");
        }
        else if (state?.Family is SocketFamily.Unix)
        {
            _counters.IgnoredCalls++;
        }
        else
        {
            var local = state?.Local
                ?? SocketTable.LocalEndpointOf(decoration)
                ?? new NetworkEndpoint(SocketTable.ProtocolOf(decoration) ?? state?.Protocol ?? "ip", "*", null);
            Emit(call, Operations.NetworkInbound, result, local: local);
        }
    }

    /// <summary><c>connect</c> and <c>sendto</c> with an address: outbound to it.</summary>
    private void MapOutbound(in Call call, int addressIndex)
    {
        var address = call.Argument(addressIndex);
        if (address.IsEmpty || address[0] != (byte)'{')
        {
            _counters.IgnoredCalls++;
            return;
        }

        MapOutboundTo(call, address, datagram: addressIndex != 1);
    }

    /// <summary><c>sendmsg</c>/<c>sendmmsg</c>: outbound to every <c>msg_name</c> address.</summary>
    private void MapMessages(in Call call)
    {
        var text = call.AllArguments;
        var found = false;
        while (true)
        {
            var at = text.IndexOf("msg_name="u8);
            if (at < 0)
            {
                break;
            }

            text = text[(at + 9)..];
            if (!text.IsEmpty && text[0] == (byte)'{')
            {
                found = true;
                MapOutboundTo(call, StraceArguments.LeadingValue(text), datagram: true);
            }
        }

        if (!found)
        {
            _counters.IgnoredCalls++;
        }
    }

    private void MapOutboundTo(in Call call, ReadOnlySpan<byte> addressText, bool datagram)
    {
        if (!SocketAddress.TryParse(addressText, _scratch, out var address))
        {
            _counters.IgnoredCalls++;
            return;
        }

        var decoration = StraceArguments.Decoration(call.Argument(0));
        var state = _sockets.Find(SocketTable.Inode(decoration));

        // A non-blocking connect that is under way was allowed to start: count it as done.
        var result = call.Result.Errno.SequenceEqual("EINPROGRESS"u8) ? AccessResult.Ok : Outcome(call);
        switch (address.Family)
        {
            case SocketFamily.Inet or SocketFamily.Inet6:
                var protocol = SocketTable.ProtocolOf(decoration) ?? state?.Protocol ?? (datagram ? "udp" : "ip");
                Emit(call, Operations.NetworkOutbound, result, remote: new NetworkEndpoint(protocol, address.Host ?? "*", address.Port));
                break;
            case SocketFamily.Unix when address.IsAbstract:
                Emit(call, Operations.NetworkOutbound, result, name: AbstractName(address.UnixPath), fileType: "socket");
                break;
            case SocketFamily.Unix when !address.UnixPath.IsEmpty:
                var path = PathFromCwd(call, address.UnixPath);
                if (path.IsResolved)
                {
                    Emit(call, Operations.NetworkOutbound, result, path.Path, fileType: "socket");
                }

                break;
            default:
                _counters.IgnoredCalls++;
                break;
        }
    }

    /// <summary>An abstract socket name as Linux tools print it: <c>@</c> and the name (which may hold any byte).</summary>
    private string AbstractName(ReadOnlySpan<byte> name)
    {
        var bytes = _scratch.Allocate(name.Length + 1);
        bytes[0] = (byte)'@';
        name.CopyTo(bytes[1..]);
        return _strings.Get(bytes);
    }
}
