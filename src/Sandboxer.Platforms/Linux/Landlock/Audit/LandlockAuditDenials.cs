using System.Globalization;
using Sandboxer.Events;

namespace Sandboxer.Platforms.Linux.Landlock.Audit;

/// <summary>
/// Turns the audit records of one run into denied <see cref="AccessEvent"/>s. Records of one kernel event share an
/// id and end with an <c>EOE</c> record; the run's Landlock domain is recognised by the <c>LANDLOCK_DOMAIN</c>
/// allocation record naming the enforcing thread (<see cref="EnforcingThreadName"/>, unique per launch). Each denial
/// carries the blocked right, the object, and from the <c>SYSCALL</c> record the pid, command, executable and call.
/// </summary>
internal sealed class LandlockAuditDenials
{
    private const int EndOfEvent = 1320;

    private readonly Lock _lock = new();
    private readonly Dictionary<long, List<AuditRecord>> _pending = [];
    private readonly HashSet<string> _domains = new(StringComparer.Ordinal);
    private readonly List<LandlockDenial> _denials = [];

    public LandlockAuditDenials(string enforcingThreadName)
    {
        EnforcingThreadName = enforcingThreadName;
    }

    /// <summary>The comm of the thread that created the domain (the kernel's <c>comm=</c> of the allocation record).</summary>
    public string EnforcingThreadName { get; }

    public void Accept(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_lock)
        {
            if (!_pending.TryGetValue(record.Serial, out var group))
            {
                group = [];
                _pending[record.Serial] = group;
            }

            group.Add(record);
            if (record.Type == EndOfEvent)
            {
                _pending.Remove(record.Serial);
                Complete(group);
            }
        }
    }

    /// <summary>The denials so far, including events whose end record has not arrived yet.</summary>
    public IReadOnlyList<LandlockDenial> Snapshot()
    {
        lock (_lock)
        {
            foreach (var group in _pending.Values.ToList())
            {
                Complete(group);
            }

            _pending.Clear();
            return [.. _denials];
        }
    }

    private void Complete(List<AuditRecord> group)
    {
        foreach (var domain in group.Where(r => r.Type == AuditRecord.LandlockDomain && r["status"] == "allocated" && r["comm"] == EnforcingThreadName))
        {
            _domains.Add(domain["domain"] ?? string.Empty);
        }

        var syscall = group.FirstOrDefault(r => r.Type == AuditRecord.Syscall);
        foreach (var access in group.Where(r => r.Type == AuditRecord.LandlockAccess && _domains.Contains(r["domain"] ?? string.Empty)))
        {
            foreach (var blocker in (access["blockers"] ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                if (ToDenial(access, blocker, syscall) is { } denial)
                {
                    _denials.Add(denial);
                }
            }
        }
    }

    private static LandlockDenial? ToDenial(AuditRecord access, string blocker, AuditRecord? syscall)
    {
        if (LandlockBlocker.ToOperation(blocker) is not var (operation, pathIsParent))
        {
            return null;
        }

        var accessEvent = new AccessEvent
        {
            Operation = operation,
            Pid = ParseInt(syscall?["pid"]) ?? 0,
            Ppid = ParseInt(syscall?["ppid"]),
            Process = syscall?["comm"],
            Executable = ExecutableOf(syscall?["exe"]),
            Syscall = LandlockBlocker.SyscallName(syscall?["syscall"]),
            Result = AccessResult.Denied,
            Time = access.Time,
        };

        if (blocker.StartsWith("fs.", StringComparison.Ordinal))
        {
            accessEvent = accessEvent with
            {
                Path = access["path"],
                FileType = blocker == "fs.read_dir" || pathIsParent ? "directory" : null,
            };
        }
        else if (blocker == "net.connect_tcp")
        {
            accessEvent = accessEvent with { Remote = new NetworkEndpoint("tcp", access["daddr"] ?? "*", ParseInt(access["dest"])) };
        }
        else if (blocker == "net.bind_tcp")
        {
            accessEvent = accessEvent with { Local = new NetworkEndpoint("tcp", access["saddr"] ?? "*", ParseInt(access["src"])) };
        }
        else if (blocker == "scope.signal")
        {
            accessEvent = accessEvent with { Target = "others", Name = access["ocomm"] };
        }
        else if (blocker == "scope.abstract_unix_socket")
        {
            accessEvent = accessEvent with { Remote = new NetworkEndpoint("unix", "*", null), Name = access["path"] };
        }

        return new LandlockDenial(accessEvent, blocker, pathIsParent, access["domain"] ?? string.Empty);
    }

    /// <summary>
    /// The process's executable; null for the launcher's child before its exec succeeded, which still runs the tool's
    /// own image (it already carries the program's name, see <c>RestrictedSpawnNative</c>).
    /// </summary>
    private static string? ExecutableOf(string? exe) => exe is not null && exe == ToolExecutable.Value ? null : exe;

    private static readonly Lazy<string?> ToolExecutable = new(() => Native.FileDescriptors.RealPath("/proc/self/exe"));

    private static int? ParseInt(string? text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
