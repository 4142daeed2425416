namespace Sandboxer.Platforms.MacOS.Reports;

/// <summary>
/// What a log contained besides the profile reports: nothing is dropped without being counted here.
/// </summary>
/// <param name="Records">Log records read (JSON objects or text record lines), trailer excluded.</param>
/// <param name="ProfileReports">Profile reports (<c>Sandbox: …</c>), duplicate summaries included.</param>
/// <param name="SystemPolicy">TCC / platform-policy reports: not decisions of the profile, so never events.</param>
/// <param name="Unverified">
/// Records that read like sandbox reports but were not written by the kernel's Sandbox extension (NDJSON
/// <c>processID</c> not 0 or <c>senderImagePath</c> not ending in <c>/Sandbox</c>; text lines from another
/// process): a sandboxed program can log such text itself, so they are rejected as forged or unrelated.
/// </param>
/// <param name="Unrelated">Other processes' records and non-report kernel records.</param>
/// <param name="Unrecognized">Messages from the sandbox that do not follow the report grammar (kept for the user to see).</param>
/// <param name="RateLimitNotices">Kernel notices that reports were discarded (the log is incomplete).</param>
/// <param name="NoiseLines">Banner, trailer, headers and blank lines.</param>
/// <param name="StreamCount">The <c>count</c> of the <c>{"count":N,"finished":1}</c> trailer, when present.</param>
internal sealed record SandboxLogStatistics(
    int Records,
    int ProfileReports,
    IReadOnlyList<SandboxLogEntry> SystemPolicy,
    int Unverified,
    int Unrelated,
    IReadOnlyList<UnrecognizedMessage> Unrecognized,
    int RateLimitNotices,
    int NoiseLines,
    long? StreamCount);
