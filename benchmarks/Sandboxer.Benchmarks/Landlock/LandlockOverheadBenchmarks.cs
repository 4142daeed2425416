using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Sandboxer.Collections;
using Sandboxer.Platforms.Linux.Landlock;
using Sandboxer.Platforms.Processes.Native;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Benchmarks.Landlock;

/// <summary>
/// Wall time of a program spawned natively (<c>posix_spawn</c>, as the target runner does) against the same program
/// spawned confined by a compiled Landlock plan (the enforcing-thread launcher), for python3, node and <c>git status</c> on a
/// 2,000-file repository. The plan is compiled once in setup: compile cost is measured separately
/// (<see cref="CompilePlan"/>). The ratio is Enforced ÷ Native. Run in process (the launcher is part of the tool):
/// <c>--filter '*LandlockOverhead*' --inProcess --warmupCount 2 --iterationCount 10</c>.
/// </summary>
public class LandlockOverheadBenchmarks
{
    private string _repository = string.Empty;
    private Profile _profile = Profile.Empty;
    private LandlockPlan _plan = null!;
    private string[] _command = [];
    private readonly Dictionary<string, string> _environmentMap = new(StringComparer.Ordinal);
    private KeyValuePair<string, string>[] _environment = [];

    [Params("python3", "node", "git-status")]
    public string Workload { get; set; } = "python3";

    [GlobalSetup]
    public void Setup()
    {
        _repository = Directory.CreateTempSubdirectory("sbx-bench-repo-").FullName;
        Git("init", "-q");
        for (var i = 0; i < 2000; i++)
        {
            var directory = Path.Combine(_repository, "d" + (i % 40));
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, "f" + i + ".txt"), i + "\n");
        }

        Git("add", ".");
        Git("-c", "user.email=bench@example.invalid", "-c", "user.name=bench", "commit", "-qm", "init");
        _command = Workload switch
        {
            "python3" => ["/usr/bin/python3", "-c", "import json, email"],
            "node" => ["/usr/bin/node", "-e", "require('fs').readdirSync('/usr/lib')"],
            _ => ["/usr/bin/git", "-C", _repository, "status", "--porcelain"],
        };
        _profile = BuildProfile(_repository);
        _plan = LandlockPlanCompiler.Compile(_profile);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            _environmentMap[(string)entry.Key] = (string)entry.Value!;
        }

        _environment = [.. _environmentMap];

        // Both must really run the workload: a denied file would make the enforced run fail fast and look cheap.
        if (Native() != 0 || Enforced() != 0)
        {
            throw new InvalidOperationException($"{Workload} does not succeed natively and under the profile");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_repository, recursive: true);

    /// <summary>The same <c>posix_spawn</c> the runner uses, without Landlock: only the confinement differs.</summary>
    [Benchmark(Baseline = true)]
    public int Native()
    {
        var pid = PosixSpawn.Spawn(_command[0], _command, _environment, Environment.CurrentDirectory, -1, -1, -1);
        return WaitForExit(pid);
    }

    [Benchmark]
    public int Enforced()
    {
        var request = new SpawnRequest(_command[0], _command, _environmentMap, Environment.CurrentDirectory);
        var spawn = ConfinedLauncher.Spawn(_plan, request);
        return WaitForExit(spawn.Pid);
    }

    [Benchmark]
    public int CompilePlan() => LandlockPlanCompiler.Compile(_profile).PathRules.Count;

    private static Profile BuildProfile(string repository)
    {
        var rules = new List<Rule>();
        void Allow(string operations, Filter? filter) =>
            rules.Add(new Rule(RuleAction.Allow, [.. operations.Split(' ').Select(OperationCatalog.Canonicalize)], filter, EquatableArray<RuleModifier>.Empty, rules.Count));
        rules.Add(new Rule(RuleAction.Deny, ["default"], null, EquatableArray<RuleModifier>.Empty, 0));
        Allow("file-read* process-exec", new PathFilter(PathMatch.Subpath, "/usr"));
        Allow("file-read*", new RequireAny([
            new PathFilter(PathMatch.Literal, "/etc/ld.so.cache"),
            new PathFilter(PathMatch.Subpath, "/etc/ssl"),
            new PathFilter(PathMatch.Literal, "/etc/gitconfig"),
            new PathFilter(PathMatch.Literal, Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/root", ".gitconfig")),
            new PathFilter(PathMatch.Subpath, "/proc"),
            new PathFilter(PathMatch.Subpath, "/sys/fs/cgroup"),
            new PathFilter(PathMatch.Subpath, "/sys/devices/system/cpu"),
        ]));
        Allow("file-read* file-write-data", new PathFilter(PathMatch.Literal, "/dev/null"));
        Allow("file-read* file-write*", new PathFilter(PathMatch.Subpath, repository));
        return new Profile(rules);
    }

    private static int WaitForExit(int pid)
    {
        while (true)
        {
            var result = WaitPid(pid, out var status, 0);
            if (result == pid)
            {
                return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
            }
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "waitpid")]
    private static extern int WaitPid(int pid, out int status, int options);

    private void Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = _repository, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.WaitForExit();
    }
}
