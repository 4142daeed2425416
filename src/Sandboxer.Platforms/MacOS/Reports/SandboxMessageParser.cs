using System.Globalization;
using System.Text.RegularExpressions;

namespace Sandboxer.Platforms.MacOS.Reports;

/// <summary>
/// Parses the text of a sandbox report (docs/macos-runtime.md §2.1):
/// <code>
/// message  := [N " duplicate report(s) for "] ("Sandbox: " | "System Policy: ") body ["\n" tag]
/// body     := proc "(" pid ")" " "+ ["System Policy: "] verdict " " op [" " target]
/// verdict  := "deny(" n ")" | "allow" | "allow(" n ")"
/// op       := [a-z0-9-]+ ["*"]
/// </code>
/// The process name may contain spaces and parentheses, so the pid is the parenthesised number immediately before
/// the <em>first</em> verdict: the target (a path the sandboxed program chose) can never move the split. The
/// target is the rest of the first line, verbatim (spaces, quotes, brackets); the tag is whatever follows the
/// first line break.
/// </summary>
internal static partial class SandboxMessageParser
{
    private const string SandboxPrefix = "Sandbox:";
    private const string SystemPolicyPrefix = "System Policy:";

    /// <summary>Classifies a kernel message: a report, the rate-limit notice, or something else.</summary>
    public static KernelMessage Parse(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var (firstLine, tag) = SplitTag(message);
        var rest = firstLine;
        long duplicates = 0;
        var duplicate = DuplicatePrefix().Match(rest);
        if (duplicate.Success)
        {
            if (!long.TryParse(duplicate.Groups["n"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out duplicates) || duplicates <= 0)
            {
                return KernelMessage.Other;
            }

            rest = rest[duplicate.Length..];
        }

        SandboxReportKind kind;
        if (rest.StartsWith(SandboxPrefix, StringComparison.Ordinal))
        {
            kind = SandboxReportKind.Profile;
            rest = AfterPrefix(rest, SandboxPrefix);
        }
        else if (rest.StartsWith(SystemPolicyPrefix, StringComparison.Ordinal))
        {
            kind = SandboxReportKind.SystemPolicy;
            rest = AfterPrefix(rest, SystemPolicyPrefix);
        }
        else
        {
            return duplicates == 0 && RateLimit().IsMatch(firstLine) ? KernelMessage.RateLimitNotice : KernelMessage.Other;
        }

        var report = ParseBody(rest, kind, legacy: false);
        return report is null
            ? KernelMessage.Other
            : new KernelMessage(KernelMessageKind.Report, report with { Tag = tag, Duplicates = duplicates });
    }

    /// <summary>
    /// Parses the message of a pre-10.12 <c>sandboxd</c> line: <c>PROC(PID) deny OP [TARGET]</c> or
    /// <c>PROC(PID) System Policy: deny OP</c> (no <c>(n)</c>; older Chromium helpers put a space before the pid).
    /// </summary>
    public static SandboxReport? ParseLegacy(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var (firstLine, tag) = SplitTag(message);
        var report = ParseBody(firstLine, SandboxReportKind.Profile, legacy: true);
        return report is null ? null : report with { Tag = tag, IsLegacy = true };
    }

    /// <summary>Parses <c>PROC(PID) [System Policy: ]VERDICT OP [TARGET]</c>.</summary>
    private static SandboxReport? ParseBody(string body, SandboxReportKind kind, bool legacy)
    {
        var boundary = VerdictBoundary().Match(body);
        if (!boundary.Success || boundary.Index == 0)
        {
            return null;
        }

        var process = body[..boundary.Index];
        if (legacy)
        {
            process = process.TrimEnd(' ');
        }

        if (process.Length == 0
            || !int.TryParse(boundary.Groups["pid"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return null;
        }

        if (boundary.Groups["policy"].Success)
        {
            kind = SandboxReportKind.SystemPolicy;
        }

        int? count = null;
        if (boundary.Groups["n"].Success)
        {
            if (!int.TryParse(boundary.Groups["n"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return null;
            }

            count = n;
        }

        var verdict = boundary.Groups["verdict"].ValueSpan.SequenceEqual("deny") ? SandboxVerdict.Deny : SandboxVerdict.Allow;
        var operation = OperationAndTarget().Match(body, boundary.Index + boundary.Length);
        if (!operation.Success)
        {
            return null;
        }

        var target = operation.Groups["target"].Success && operation.Groups["target"].Length > 0 ? operation.Groups["target"].Value : null;
        return new SandboxReport(kind, process, pid, verdict, count, operation.Groups["op"].Value, target);
    }

    /// <summary>The text after <c>Sandbox:</c> and its one separating space (a process name may itself start with a space).</summary>
    private static string AfterPrefix(string text, string prefix) =>
        text.Length > prefix.Length && text[prefix.Length] == ' ' ? text[(prefix.Length + 1)..] : text[prefix.Length..];

    private static (string FirstLine, string? Tag) SplitTag(string message)
    {
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        if (newline < 0)
        {
            return (message.TrimEnd('\r'), null);
        }

        var tag = message[(newline + 1)..].TrimEnd('\n', '\r');
        return (message[..newline].TrimEnd('\r'), tag.Length == 0 ? null : tag);
    }

    [GeneratedRegex(@"\A(?<n>[0-9]{1,18}) duplicate reports? for ", RegexOptions.CultureInvariant)]
    private static partial Regex DuplicatePrefix();

    /// <summary>The first <c>(PID) VERDICT </c> in a body; everything before it is the process name.</summary>
    [GeneratedRegex(@"\((?<pid>[0-9]{1,10})\) +(?<policy>System Policy: )?(?<verdict>deny|allow)(?:\((?<n>[0-9]{1,9})\))? +", RegexOptions.CultureInvariant)]
    private static partial Regex VerdictBoundary();

    [GeneratedRegex(@"\G(?<op>[a-z0-9-]+\*?)(?: (?<target>.*))?\z", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex OperationAndTarget();

    [GeneratedRegex(@"\A\*\*\* kernel exceeded [0-9]+ log message per second limit", RegexOptions.CultureInvariant)]
    private static partial Regex RateLimit();
}
