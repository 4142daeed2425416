using System.Diagnostics;
using System.Text;
using Sandboxer.Platforms.Linux.Tracing;

namespace Sandboxer.Benchmarks.Tracing;

/// <summary>
/// A real strace log recorded on this machine with Sandboxer's own flags (python importing modules, a shell
/// running ls over a tree, git status), repeated or cut to exactly <see cref="Lines"/> lines and kept in memory.
/// </summary>
internal static class RecordedTrace
{
    public const int Lines = 200_000;

    public static byte[] Record()
    {
        var directory = Directory.CreateTempSubdirectory("sandboxer-bench-");
        try
        {
            var log = Path.Combine(directory.FullName, "trace.log");
            var strace = StraceInvocation.Locate() ?? throw new InvalidOperationException("the tracing benchmarks need strace");
            var arguments = StraceInvocation.Arguments(strace, log).Skip(1).ToList();
            arguments.AddRange(["sh", "-c", "python3 -c 'import json, email, http.client, asyncio' ; ls -laR /usr/lib/python3.11/email > /dev/null; git -C / status > /dev/null 2>&1; true"]);
            using (var process = Process.Start(new ProcessStartInfo(strace, arguments) { UseShellExecute = false })!)
            {
                process.WaitForExit();
            }

            var recorded = File.ReadAllLines(log, Encoding.Latin1);
            var lines = new List<string>(Lines);
            while (lines.Count < Lines)
            {
                lines.AddRange(recorded.Take(Lines - lines.Count));
            }

            return Encoding.Latin1.GetBytes(string.Join('\n', lines) + "\n");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
