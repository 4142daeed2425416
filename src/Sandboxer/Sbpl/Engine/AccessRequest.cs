using System.Collections.Frozen;
using System.Globalization;
using Sandboxer.Events;

namespace Sandboxer.Sbpl.Engine;

/// <summary>
/// One access to decide: the operation and what it is about — a resolved path, a local or remote network endpoint,
/// a name (mach service, sysctl, POSIX IPC, preference domain, IOKit class), and attributes such as
/// <c>vnode-type</c>, <c>target</c> or <c>signal-number</c>. Anything the request leaves out is unknown to the engine:
/// a filter that needs it makes the decision undecidable rather than guessed.
/// </summary>
public sealed record AccessRequest
{
    private static readonly FrozenDictionary<string, string[]> VnodeTypes = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["file"] = ["REGULAR-FILE"],
        ["directory"] = ["DIRECTORY"],
        ["symlink"] = ["SYMLINK"],
        ["socket"] = ["SOCKET"],
        ["fifo"] = ["FIFO"],
        ["device"] = ["BLOCK-DEVICE", "CHARACTER-DEVICE", "TTY"],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public AccessRequest(string operation)
    {
        ArgumentException.ThrowIfNullOrEmpty(operation);
        Operation = operation;
    }

    /// <summary>The operation as asked for; aliases (<c>process-exec</c>) are resolved by the engine.</summary>
    public string Operation { get; init; }

    /// <summary>Resolved absolute path (files, executables, unix sockets), matched as given.</summary>
    public string? Path { get; init; }

    /// <summary>The sandboxed process's own address (bind, listen, inbound).</summary>
    public NetworkEndpoint? Local { get; init; }

    /// <summary>The peer's address (connect, send).</summary>
    public NetworkEndpoint? Remote { get; init; }

    /// <summary>The name for name-keyed operations.</summary>
    public string? Name { get; init; }

    /// <summary>
    /// Filter attributes the request can answer, by filter name (<c>vnode-type</c>, <c>target</c>,
    /// <c>signal-number</c>, …), each with the values it may have: one value when known exactly, several when the
    /// source only narrows it down (a <c>device</c> is a block device, a character device or a tty).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Attributes { get; init; }

    /// <summary>True when the request names any target (path, endpoint or name).</summary>
    public bool HasTarget => Path is not null || Local is not null || Remote is not null || Name is not null;

    /// <summary>The request for a recorded event: its path, endpoints, name, file type, signal target and number.</summary>
    public static AccessRequest FromEvent(AccessEvent accessEvent)
    {
        ArgumentNullException.ThrowIfNull(accessEvent);
        var attributes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (accessEvent.FileType is { } fileType && VnodeTypes.TryGetValue(fileType, out var vnodeTypes))
        {
            attributes["vnode-type"] = vnodeTypes;
        }

        if (accessEvent.Target is { } target)
        {
            attributes["target"] = [target];
        }

        if (accessEvent.Signal is { } signal)
        {
            attributes["signal-number"] = [signal.ToString(CultureInfo.InvariantCulture)];
        }

        return new AccessRequest(accessEvent.Operation)
        {
            Path = accessEvent.Path,
            Local = accessEvent.Local,
            Remote = accessEvent.Remote,
            Name = accessEvent.Name,
            Attributes = attributes.Count == 0 ? null : attributes,
        };
    }

    /// <summary>A short description of the target for messages: the path, endpoint, name, or <c>(no target)</c>.</summary>
    public string DescribeTarget()
    {
        if (Path is not null)
        {
            return Path;
        }

        if (Remote is not null)
        {
            return "remote " + Remote;
        }

        if (Local is not null)
        {
            return "local " + Local;
        }

        if (Name is not null)
        {
            return Name;
        }

        if (Attributes is { Count: > 0 })
        {
            return string.Join(' ', Attributes.OrderBy(a => a.Key, StringComparer.Ordinal)
                .Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Key}={string.Join('|', a.Value)}")));
        }

        return "(no target)";
    }
}
