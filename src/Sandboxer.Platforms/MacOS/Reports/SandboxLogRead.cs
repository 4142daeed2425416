namespace Sandboxer.Platforms.MacOS.Reports;

/// <summary>The profile reports of a log, in log order, and the statistics of everything else.</summary>
internal sealed record SandboxLogRead(IReadOnlyList<SandboxLogEntry> Entries, SandboxLogStatistics Statistics);
