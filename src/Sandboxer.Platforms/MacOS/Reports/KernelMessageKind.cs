namespace Sandboxer.Platforms.MacOS.Reports;

/// <summary>What a kernel log message turned out to be.</summary>
internal enum KernelMessageKind
{
    /// <summary>A sandbox report (<c>Sandbox: …</c>, <c>System Policy: …</c>, or a duplicate-report summary).</summary>
    Report,

    /// <summary>
    /// <c>*** kernel exceeded 500 log message per second limit … ***</c>: reports were thrown away, so what was
    /// collected is known to be incomplete.
    /// </summary>
    RateLimitNotice,

    /// <summary>Anything else: not a sandbox report.</summary>
    Other,
}
