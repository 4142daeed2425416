using Sandboxer.Analysis;
using System.Globalization;
using Sandboxer.Events;
using Sandboxer.Sbpl.Policy;
using Sandboxer.Synthesis.Generalization;
using Sandboxer.Synthesis.Grants;
using Sandboxer.Synthesis.Paths;

namespace Sandboxer.Synthesis;

/// <summary>
/// Reads the events of every run once and sorts them into what synthesis needs: path uses per operation (anchored
/// to the run's parameters), network addresses, names, signals, listed and created directories, executables.
/// </summary>
internal sealed class EventCollector(SynthesisContext context)
{
    private readonly Dictionary<string, Dictionary<AnchoredPath, EvidenceBuilder>> _paths = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Operation, GrantTarget Target), EvidenceBuilder> _others = [];
    private readonly EvidenceBuilder _metadata = new();
    private readonly HashSet<AnchoredPath> _listed = [];
    private readonly HashSet<AnchoredPath> _created = [];
    private readonly Dictionary<AnchoredPath, string> _executables = [];
    private readonly List<Refusal> _refusals = [];
    private long _events;
    private long _used;
    private long _ignored;
    private long _denials;

    public IReadOnlyList<Refusal> Refusals => _refusals;

    public IReadOnlySet<AnchoredPath> ListedDirectories => _listed;

    public IReadOnlySet<AnchoredPath> CreatedDirectories => _created;

    public IEnumerable<(AnchoredPath Path, string Name)> Executables => _executables.Select(p => (p.Key, p.Value));

    public Evidence MetadataEvidence => _metadata.Build();

    public IEnumerable<KeyValuePair<string, IReadOnlyList<PathUse>>> PathUses =>
        _paths.Select(p => new KeyValuePair<string, IReadOnlyList<PathUse>>(
            p.Key,
            [.. p.Value.Select(u => new PathUse(u.Key, u.Value.FirstAbsolutePath ?? u.Key.Relative, u.Value.Build(), EquatableRuns.Of(u.Value.Runs), !u.Value.SeenOk))]));

    public SynthesisStatistics Statistics(int runs) => new(_events, _used, _ignored, _denials, runs);

    public void Add(ObservedRun run)
    {
        var anchors = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ProfileParameters.Home] = context.Home,
            [ProfileParameters.WorkingDirectory] = context.WorkingDirectory,
        };
        if (run.TemporaryDirectory is { } tmp)
        {
            anchors[ProfileParameters.TemporaryDirectory] = tmp;
        }

        var anchoring = new PathAnchoring(anchors);
        foreach (var e in run.Events)
        {
            _events += e.Count;
            if (!IsUsable(e))
            {
                _ignored += e.Count;
                continue;
            }

            _used += e.Count;
            if (e.Result.IsDenied)
            {
                _denials += e.Count;
            }

            Add(run, anchoring, e);
        }
    }

    public IEnumerable<Grant> OtherGrants()
    {
        foreach (var ((operation, target), evidence) in _others)
        {
            var (category, reason) = target switch
            {
                NetworkTarget n => (GrantCategory.Network, DescribeNetwork(operation, n)),
                NameTarget => (GrantCategory.Services, "observed"),
                SignalTarget s => (GrantCategory.Processes, "signals sent to " + s.Target),
                _ => (GrantCategory.Processes, operation == "process-fork" ? "the program starts child processes" : "observed"),
            };
            yield return new Grant(operation, target, category, GeneralizationStep.Observed, reason, evidence.Build());
        }
    }

    private bool IsUsable(AccessEvent e) => e.Result.Kind switch
    {
        AccessResultKind.Ok or AccessResultKind.Denied => true,

        // Seatbelt answers EPERM, not ENOENT, for a denied open of a missing file: such probes must stay allowed.
        AccessResultKind.Error => context.Platform == TargetPlatform.MacOS && e.Operation == "file-read-data" && e.Result.Errno == "ENOENT",
        _ => false,
    };

    private void Add(ObservedRun run, PathAnchoring anchoring, AccessEvent e)
    {
        var operation = Normalize(e.Operation);
        var process = ProcessName(e);
        var ok = !e.Result.IsDenied;
        if (operation == "file-read-metadata")
        {
            _metadata.Add(e.Count, process, string.Empty, run.Index, ok);
            return;
        }

        if (e.Path is { } rawPath && IsPathOperation(operation))
        {
            if (rawPath.StartsWith('@'))
            {
                _refusals.Add(new Refusal(operation, rawPath, "abstract unix socket: Linux only, Seatbelt has no equivalent; not granted"));
                return;
            }

            if (!rawPath.StartsWith('/'))
            {
                _refusals.Add(new Refusal(operation, rawPath, "not an absolute path; not granted"));
                return;
            }

            if (context.Network == NetworkMode.None && operation.StartsWith("network-", StringComparison.Ordinal) && ResolverSockets.Contains(rawPath))
            {
                _refusals.Add(new Refusal(operation, rawPath, "the system's name resolver: lookups can carry data out, and --network none allows no network"));
                return;
            }

            var path = anchoring.Anchor(rawPath);
            foreach (var implied in ImpliedOperations(operation, e))
            {
                AddPathUse(implied, path, e, process, run.Index, ok, rawPath);
            }

            NoteStructure(operation, path, e, anchoring);
            return;
        }

        switch (operation)
        {
            case "process-fork":
                AddOther(operation, Unfiltered.Instance, e, process, "fork", run.Index, ok);
                return;
            case "signal":
                if (e.Target is { } target)
                {
                    AddOther(operation, new SignalTarget(target), e, process, "target " + target, run.Index, ok);
                }
                else
                {
                    _refusals.Add(new Refusal(operation, "unknown target", "the signal's target is unknown; not granted"));
                }

                return;
        }

        if (operation.StartsWith("network", StringComparison.Ordinal))
        {
            AddNetwork(operation, e, process, run.Index, ok);
            return;
        }

        if (e.Name is { } name && NameFilterKind(operation) is { } kind)
        {
            AddOther(operation, new NameTarget(kind, name), e, process, name, run.Index, ok);
            return;
        }

        _refusals.Add(new Refusal(operation, e.Path ?? e.Name ?? string.Empty, "no rule form for this event; not granted"));
    }

    private void AddPathUse(string operation, AnchoredPath path, AccessEvent e, string process, int run, bool ok, string rawPath)
    {
        if (!_paths.TryGetValue(operation, out var uses))
        {
            _paths[operation] = uses = [];
        }

        if (!uses.TryGetValue(path, out var builder))
        {
            uses[path] = builder = new EvidenceBuilder();
        }

        builder.Add(e.Count, process, path.ToString(), run, ok, PathAnchoring.Normalize(rawPath));
    }

    // What else an access needs from the sandbox: executing a program reads it (Seatbelt checks file-read-data on the
    // binary; Landlock checks READ_FILE), and on Linux the kernel executes the ELF interpreter it maps at execve, which
    // Landlock checks as an execution.
    private IEnumerable<string> ImpliedOperations(string operation, AccessEvent e)
    {
        yield return operation;
        if (operation == "process-exec" && e.Result.IsOk)
        {
            yield return "file-read-data";
        }
        else if (operation == "file-map-executable" && e.Syscall is "execve" or "execveat" && context.Platform == TargetPlatform.Linux)
        {
            yield return "process-exec";
            yield return "file-read-data";
        }
    }

    private void NoteStructure(string operation, AnchoredPath path, AccessEvent e, PathAnchoring anchoring)
    {
        var isDirectory = e.FileType == "directory";
        if (operation == "file-read-data" && (isDirectory || e.Syscall is "getdents64" or "getdents"))
        {
            _listed.Add(path);
        }
        else if (operation == "file-write-create" && (isDirectory || e.Syscall is "mkdir" or "mkdirat"))
        {
            _created.Add(path);
        }
        else if (operation == "process-exec" && e.Result.IsOk)
        {
            _executables.TryAdd(path, Path.GetFileName(e.Path) ?? "program");
        }

        if (e.Executable is { } executable && executable.StartsWith('/') && e.Result.IsOk)
        {
            // The process's own image: its install tree is the program's own files.
            var anchored = anchoring.Anchor(executable);
            _executables.TryAdd(anchored, e.Process ?? Path.GetFileName(executable));
        }
    }

    private void AddNetwork(string operation, AccessEvent e, string process, int run, bool ok)
    {
        var endpoint = EndpointOf(e);
        if (endpoint is null)
        {
            _refusals.Add(new Refusal(operation, string.Empty, "network event without an address; not granted"));
            return;
        }

        var side = operation == "network-outbound" ? NetworkSide.Remote : NetworkSide.Local;
        var shown = endpoint.ToString();
        switch (context.Network)
        {
            case NetworkMode.None:
                _refusals.Add(new Refusal(operation, shown, "--network none"));
                return;
            case NetworkMode.Any:
                return;
            case NetworkMode.Localhost when side == NetworkSide.Remote && !endpoint.IsLoopback:
                _refusals.Add(new Refusal(operation, shown, "not a loopback destination, and --network localhost allows only loopback"));
                return;
        }

        var host = endpoint.IsLoopback || (side == NetworkSide.Local && endpoint.Host == "localhost") ? NetworkHost.Localhost : NetworkHost.Any;
        var protocol = endpoint.Protocol is "tcp" or "udp" ? endpoint.Protocol : "ip";
        AddOther(operation, new NetworkTarget(side, protocol, host, endpoint.Port), e, process, shown, run, ok);
    }

    /// <summary>The address a network event is about: the remote one for outbound, the local one otherwise.</summary>
    internal static NetworkEndpoint? EndpointOf(AccessEvent e) =>
        e.Operation == "network-outbound" ? e.Remote ?? e.Local : e.Local ?? e.Remote;

    private void AddOther(string operation, GrantTarget target, AccessEvent e, string process, string example, int run, bool ok)
    {
        if (!_others.TryGetValue((operation, target), out var builder))
        {
            _others[(operation, target)] = builder = new EvidenceBuilder();
        }

        builder.Add(e.Count, process, example, run, ok);
    }

    private static string DescribeNetwork(string operation, NetworkTarget target)
    {
        var port = target.Port is { } p ? p.ToString(CultureInfo.InvariantCulture) : "any port";
        return (operation, target.Host, target.Port) switch
        {
            ("network-outbound", _, 53) => "DNS lookups",
            ("network-outbound", NetworkHost.Localhost, _) => "connections to a local service on port " + port,
            ("network-outbound", _, _) => "connections to remote hosts on port " + port,
            ("network-bind", _, 0) => "binds an ephemeral port",
            ("network-bind", _, _) => "listens on port " + port,
            _ => "accepts connections on port " + port,
        };
    }

    /// <summary>Unix sockets of the system's DNS resolvers (macOS mDNSResponder, systemd-resolved, nscd).</summary>
    private static readonly HashSet<string> ResolverSockets = new(StringComparer.Ordinal)
    {
        "/private/var/run/mDNSResponder",
        "/var/run/mDNSResponder",
        "/run/systemd/resolve/io.systemd.Resolve",
        "/var/run/nscd/socket",
        "/run/nscd/socket",
    };

    private static bool IsPathOperation(string operation) =>
        operation.StartsWith("file-", StringComparison.Ordinal)
        || operation == "process-exec"
        || operation.StartsWith("network-", StringComparison.Ordinal);

    private static string Normalize(string operation)
    {
        var canonical = OperationCatalog.Canonicalize(operation);
        return canonical == "process-exec*" ? "process-exec" : canonical;
    }

    private static string? NameFilterKind(string operation) => operation switch
    {
        _ when operation.StartsWith("mach-", StringComparison.Ordinal) => "global-name",
        _ when operation.StartsWith("sysctl", StringComparison.Ordinal) => "sysctl-name",
        _ when operation.StartsWith("ipc-posix", StringComparison.Ordinal) => "ipc-posix-name",
        _ when operation.StartsWith("iokit", StringComparison.Ordinal) => "iokit-registry-entry-class",
        _ when operation.StartsWith("user-preference", StringComparison.Ordinal) => "preference-domain",
        "darwin-notification-post" => "notification-name",
        _ => null,
    };

    private static string ProcessName(AccessEvent e) =>
        e.Process
        ?? (e.Executable is { } exe ? Path.GetFileName(exe) : null)
        ?? (e.Operation.StartsWith("process-exec", StringComparison.Ordinal) && e.Path is { } program ? Path.GetFileName(program) : null)
        ?? "pid " + e.Pid.ToString(CultureInfo.InvariantCulture);
}
