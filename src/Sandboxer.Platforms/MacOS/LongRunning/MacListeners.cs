using System.Globalization;
using Sandboxer.Collections;

namespace Sandboxer.Platforms.MacOS.LongRunning;

/// <summary>
/// Which processes listen on a TCP port, from <c>/usr/sbin/lsof -nP -iTCP:PORT -sTCP:LISTEN -Fp</c> (macOS has no
/// <c>/proc</c>). Nothing connects to the program, so a probe never reaches it or its log, and the pids are matched
/// against the run's process tree, so another program holding the port does not make the target ready. <c>-n</c> and
/// <c>-P</c> keep lsof from resolving names (slow, and irrelevant here); <c>-Fp</c> prints one <c>pPID</c> line per
/// process (followed by its <c>fFD</c> lines). lsof exits 1 when nothing listens.
/// </summary>
internal static class MacListeners
{
    public const string LsofExecutable = "/usr/sbin/lsof";

    public static EquatableArray<string> Command(int port) =>
        [LsofExecutable, "-nP", string.Create(CultureInfo.InvariantCulture, $"-iTCP:{port}"), "-sTCP:LISTEN", "-Fp"];

    /// <summary>The pids of lsof's <c>-F</c> output (its <c>p</c> lines); other lines are skipped.</summary>
    public static IReadOnlyList<int> ParsePids(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var pids = new List<int>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('p') && int.TryParse(line.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                pids.Add(pid);
            }
        }

        return pids;
    }
}
