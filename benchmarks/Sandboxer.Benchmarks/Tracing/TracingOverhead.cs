using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using Sandboxer.Platforms.Linux.Tracing;
using Sandboxer.Platforms.Processes;

namespace Sandboxer.Benchmarks.Tracing;

/// <summary>
/// Tracing overhead on real programs: wall time of each workload untraced and traced, configurations interleaved
/// round-robin (the first round is a warm-up and dropped), medians compared. Run with
/// <c>dotnet run -c Release --project benchmarks/Sandboxer.Benchmarks -- tracing-overhead [--rounds N]</c>.
/// Configurations: untraced; the tool's full pipeline (strace into the FIFO, parsed, mapped and aggregated
/// live); strace alone with the same flags writing a file; the same without ioctl in the trace set.
/// All runs go through the same <see cref="TargetRunner"/>.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class TracingOverhead
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length >= 2 && args[0] == "--rounds" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 9;
        var strace = StraceInvocation.Locate() ?? throw new InvalidOperationException("strace is needed");
        var directory = Directory.CreateTempSubdirectory("sandboxer-overhead-").FullName;
        try
        {
            var repository = await CreateRepository(directory, files: 10_000);
            var workloads = new (string Name, string[] Arguments, string WorkingDirectory)[]
            {
                ("node -e readdirSync(/usr/lib)", ["node", "-e", "require('fs').readdirSync('/usr/lib')"], directory),
                ("python3 -c 'import json, email'", ["/usr/bin/python3", "-c", "import json, email"], directory),
                ("git status (10,000 files)", ["git", "status", "--porcelain"], repository),
                ("dotnet --info", ["dotnet", "--info"], directory),
            };
            var log = Path.Combine(directory, "strace.log");
            var withoutIoctl = StraceInvocation.TracedSyscalls.Where(name => name != "ioctl").ToArray();
            var configurations = new (string Name, Func<TargetLaunch, Task<long>> Run)[]
            {
                ("untraced", async launch => { await TargetRunner.RunAsync(launch); return 0; }),
                ("sandboxer trace", async launch => (await StraceTracer.TraceAsync(launch, _ => { })).Counters.Lines),
                ("strace -o file", launch => StraceToFile(launch, [.. StraceInvocation.Arguments(strace, log)], log)),
                ("strace -o file, no ioctl", launch => StraceToFile(launch, [.. WithTraceSet(StraceInvocation.Arguments(strace, log), withoutIoctl)], log)),
            };

            var times = new Dictionary<(int, int), List<double>>();
            var lines = new Dictionary<int, long>();
            using var devNull = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.ReadWrite);
            for (var round = 0; round < rounds; round++)
            {
                for (var w = 0; w < workloads.Length; w++)
                {
                    for (var c = 0; c < configurations.Length; c++)
                    {
                        var launch = new TargetLaunch
                        {
                            Arguments = workloads[w].Arguments,
                            WorkingDirectory = workloads[w].WorkingDirectory,
                            HandleTerminationSignals = false,
                            Stdio = new TargetStdio(devNull, devNull, devNull),
                        };
                        var clock = Stopwatch.StartNew();
                        var traced = await configurations[c].Run(launch);
                        var elapsed = clock.Elapsed.TotalMilliseconds;
                        if (round == 0)
                        {
                            continue;
                        }

                        if (c == 1)
                        {
                            lines[w] = traced;
                        }

                        (times.TryGetValue((w, c), out var list) ? list : times[(w, c)] = []).Add(elapsed);
                    }
                }

                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"round {round + 1}/{rounds} done"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Median of {rounds - 1} interleaved rounds (first round dropped); load average at the end: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
            Console.WriteLine();
            Console.WriteLine("| workload | untraced | " + string.Join(" | ", configurations.Skip(1).Select(c => c.Name)) + " | trace lines |");
            Console.WriteLine("|---|---:|" + string.Concat(Enumerable.Repeat("---:|", configurations.Length - 1)) + "---:|");
            for (var w = 0; w < workloads.Length; w++)
            {
                var baseline = Median(times[(w, 0)]);
                var cells = configurations.Skip(1).Select((_, i) => string.Create(CultureInfo.InvariantCulture, $"{Median(times[(w, i + 1)]) / baseline:0.00}× ({Median(times[(w, i + 1)]):0} ms)"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| `{workloads[w].Name}` | {baseline:0} ms | {string.Join(" | ", cells)} | {lines[w]:N0} |"));
            }

            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<long> StraceToFile(TargetLaunch launch, List<string> wrapper, string log)
    {
        await TargetRunner.RunAsync(launch with { Wrapper = new LaunchWrapper(wrapper, ForksTarget: true) });
        var length = new FileInfo(log).Length;
        File.Delete(log);
        return length;
    }

    private static IEnumerable<string> WithTraceSet(IReadOnlyList<string> arguments, string[] set) =>
        arguments.Select(argument => argument.StartsWith("trace=", StringComparison.Ordinal) ? "trace=" + string.Join(',', set) : argument);

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static async Task<string> CreateRepository(string directory, int files)
    {
        var repository = Directory.CreateDirectory(Path.Combine(directory, "repo")).FullName;
        for (var i = 0; i < files; i++)
        {
            var folder = Path.Combine(repository, "d" + (i / 500).ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(Path.Combine(folder, "f" + i.ToString(CultureInfo.InvariantCulture)), "x");
        }

        foreach (var command in new[] { "init -q", "add -A", "-c user.name=b -c user.email=b@b commit -qm init" })
        {
            using var git = Process.Start(new ProcessStartInfo("git", command) { WorkingDirectory = repository, UseShellExecute = false })!;
            await git.WaitForExitAsync();
        }

        return repository;
    }
}
