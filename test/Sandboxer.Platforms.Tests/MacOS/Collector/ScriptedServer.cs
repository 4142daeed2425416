namespace Sandboxer.Platforms.Tests.MacOS.Collector;

/// <summary>
/// How a scripted target behaves while it is supervised as a long-running run: what <c>/usr/sbin/lsof … -Fp</c>
/// prints at each readiness check (0-based; lsof's documented <c>-F</c> output, <c>pPID</c> then <c>fFD</c> lines,
/// empty with exit 1 when nothing listens), and, when it ends by itself, after how many checks. Otherwise it runs
/// until the tool stops it, and SIGTERM ends it (exit 143, as a shell reports it).
/// </summary>
internal sealed record ScriptedServer(Func<int, string> Lsof, int? ExitsAfterChecks = null)
{
    /// <summary>lsof's <c>-Fp</c> output for <paramref name="pid"/> listening on one IPv4 and one IPv6 socket.</summary>
    public static string Listening(int pid) => $"p{pid}\nf4\nf5\n";
}
