namespace Sandboxer.Platforms.MacOS.Reports;

/// <summary>
/// One sandbox report as the kernel wrote it: <c>[N duplicate report(s) for ]Sandbox: PROC(PID) deny(n) OP [TARGET]</c>
/// with an optional <c>\nTAG</c> from the rule's <c>(with message "TAG")</c>.
/// </summary>
/// <param name="Kind">Profile decision or TCC/platform (System Policy) decision.</param>
/// <param name="Process">Process name as the kernel knows it; may contain spaces and parentheses.</param>
/// <param name="Pid">The reporting process's id (the offending process, not the logger).</param>
/// <param name="Verdict">Deny or allow.</param>
/// <param name="VerdictCount">The <c>n</c> of <c>deny(n)</c> / <c>allow(n)</c>; <see langword="null"/> for a bare <c>allow</c>.</param>
/// <param name="Operation">Operation name exactly as reported, e.g. <c>file-read-data</c>, <c>process-exec*</c>.</param>
/// <param name="Target">Everything after the operation on the first line (path, name, address…); <see langword="null"/> when absent.</param>
/// <param name="Tag">The <c>(with message …)</c> text that followed on the next line, if any.</param>
/// <param name="Duplicates">
/// For a <c>N duplicate report(s) for …</c> summary, N: the number of further occurrences it stands for. 0 for a
/// first report.
/// </param>
/// <param name="IsLegacy">True for pre-10.12 <c>sandboxd</c> lines (<c>PROC(PID) deny OP TARGET</c>, no <c>(n)</c>).</param>
internal sealed record SandboxReport(
    SandboxReportKind Kind,
    string Process,
    int Pid,
    SandboxVerdict Verdict,
    int? VerdictCount,
    string Operation,
    string? Target,
    string? Tag = null,
    long Duplicates = 0,
    bool IsLegacy = false)
{
    /// <summary>True for a <c>N duplicate report(s) for …</c> summary line.</summary>
    public bool IsDuplicateSummary => Duplicates > 0;

    /// <summary>How many occurrences this line stands for: N for a summary, otherwise 1.</summary>
    public long Occurrences => IsDuplicateSummary ? Duplicates : 1;
}
