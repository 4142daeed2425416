using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Sandboxer.Events;

namespace Sandboxer.Platforms.MacOS.Reports;

/// <summary>
/// Turns a profile report into an <see cref="AccessEvent"/>, reading the target the way the operation family
/// writes it (docs/macos-runtime.md §2.4):
/// <list type="bullet">
/// <item><c>file-*</c>, <c>process-exec*</c>: an absolute, resolved path → <c>path</c>.</item>
/// <item><c>network-*</c>: <c>remote:*:443</c> / <c>local:*:8080</c> → <c>remote</c>/<c>local</c> endpoint (protocol
/// <c>ip</c>, host as written, usually <c>*</c>: the kernel does not say which address); an absolute path → the
/// unix socket's <c>path</c>.</item>
/// <item><c>signal</c>: <c>others [Safari(5085)] signum:15</c> → <c>target</c> <c>others</c> and <c>signal</c> 15.</item>
/// <item>everything else (mach, sysctl, iokit, ipc, preferences, <c>system-fsctl (_IO "h" 47)</c>…) → <c>name</c>.</item>
/// </list>
/// A target that does not have the expected shape is kept verbatim in <c>name</c>, so nothing is lost and no path
/// or address rule can be built from it.
/// </summary>
internal static partial class SandboxReportMapper
{
    public static AccessEvent ToEvent(SandboxReport report, double? time = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var accessEvent = new AccessEvent
        {
            Operation = report.Operation,
            Pid = report.Pid,
            Process = report.Process,
            Result = report.Verdict == SandboxVerdict.Deny ? AccessResult.Denied : AccessResult.Ok,
            Count = report.Occurrences,
            Tag = report.Tag,
            Time = time,
        };
        return report.Target is not { } target ? accessEvent : WithTarget(accessEvent, report.Operation, target);
    }

    private static AccessEvent WithTarget(AccessEvent accessEvent, string operation, string target)
    {
        if (IsPathOperation(operation))
        {
            return IsAbsolutePath(target) ? accessEvent with { Path = target } : accessEvent with { Name = target };
        }

        if (operation.StartsWith("network", StringComparison.Ordinal))
        {
            return WithNetworkTarget(accessEvent, operation, target);
        }

        if (operation == "signal")
        {
            var signal = SignalTarget().Match(target);
            return signal.Success && int.TryParse(signal.Groups["signum"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? accessEvent with { Target = signal.Groups["target"].Value, Signal = number }
                : accessEvent with { Name = target };
        }

        return accessEvent with { Name = target };
    }

    private static AccessEvent WithNetworkTarget(AccessEvent accessEvent, string operation, string target)
    {
        if (IsAbsolutePath(target))
        {
            return accessEvent with { Path = target };
        }

        var address = NetworkAddress().Match(target);
        if (!address.Success)
        {
            return accessEvent with { Name = target };
        }

        var host = address.Groups["host"].Value;
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        if (host is not ("*" or "localhost") && !IPAddress.TryParse(host, out _))
        {
            return accessEvent with { Name = target };
        }

        int? port = null;
        if (address.Groups["port"].Value != "*")
        {
            if (!int.TryParse(address.Groups["port"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > 65535)
            {
                return accessEvent with { Name = target };
            }

            port = number;
        }

        var endpoint = new NetworkEndpoint("ip", host, port);
        var side = address.Groups["side"].Success
            ? address.Groups["side"].Value
            : operation == "network-outbound" ? "remote" : "local";
        return side == "remote" ? accessEvent with { Remote = endpoint } : accessEvent with { Local = endpoint };
    }

    private static bool IsPathOperation(string operation) =>
        operation.StartsWith("file-", StringComparison.Ordinal) || operation.StartsWith("process-exec", StringComparison.Ordinal);

    private static bool IsAbsolutePath(string target) => target.StartsWith('/');

    /// <summary><c>[local:|remote:]HOST:PORT</c> with HOST <c>*</c>, <c>localhost</c>, IPv4 or <c>[IPv6]</c>, PORT a number or <c>*</c>.</summary>
    [GeneratedRegex(@"\A(?:(?<side>local|remote):)?(?<host>\*|\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.]+):(?<port>[0-9]{1,5}|\*)\z", RegexOptions.CultureInvariant)]
    private static partial Regex NetworkAddress();

    /// <summary><c>TARGET [VICTIM(PID)] signum:N</c>, the victim part optional.</summary>
    [GeneratedRegex(@"\A(?<target>[a-z-]+)(?: \[.*\])? signum:(?<signum>[0-9]{1,3})\z", RegexOptions.CultureInvariant)]
    private static partial Regex SignalTarget();
}
