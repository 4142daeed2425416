namespace Sandboxer.Platforms.MacOS.Reports;

/// <summary>Which policy a report comes from.</summary>
internal enum SandboxReportKind
{
    /// <summary>
    /// <c>Sandbox: …</c>: a decision of the Seatbelt profile the process runs under. Only these become events.
    /// </summary>
    Profile,

    /// <summary>
    /// <c>System Policy: …</c> (or the older <c>Sandbox: p(1) System Policy: …</c>): TCC / platform policy, which
    /// no profile rule can change. Counted and reported, never turned into events.
    /// </summary>
    SystemPolicy,
}
