using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Sandboxer.Collections;
using Sandboxer.Platforms.Linux.Landlock;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Benchmarks.Landlock;

/// <summary>
/// Wall time of a program run natively (posix_spawn through <see cref="Process"/>) against the same program run
/// confined by a compiled Landlock plan (the enforcing-thread launcher), for python3, node and <c>git status</c> on a
/// 2,000-file repository. The plan is compiled once in setup: compile cost is measured separately
/// (<see cref="CompilePlan"/>). Run with <c>--filter '*LandlockOverhead*'</c>; the ratio is Enforced ÷ Native.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class LandlockOverheadBenchmarks
{
    private string _repository = string.Empty;
    private Profile _profile = Profile.Empty;
    private LandlockPlan _plan = null!;
    private string[] _command = [];

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
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_repository, recursive: true);

    [Benchmark(Baseline = true)]
    public int Native()
    {
        var start = new ProcessStartInfo(_command[0]) { RedirectStandardOutput = false, UseShellExecute = false };
        foreach (var argument in _command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.WaitForExit();
        return process.ExitCode;
    }

    [Benchmark]
    public int Enforced()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = (string)entry.Value!;
        }

        var request = new SpawnRequest(_command[0], _command, environment, Environment.CurrentDirectory);
        using var process = ConfinedLauncher.Launch(_plan, request);
        return process.WaitForExitAsync().GetAwaiter().GetResult();
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
            new PathFilter(PathMatch.Subpath, "/proc"),
            new PathFilter(PathMatch.Subpath, "/sys/fs/cgroup"),
            new PathFilter(PathMatch.Subpath, "/sys/devices/system/cpu"),
        ]));
        Allow("file-read* file-write-data", new PathFilter(PathMatch.Literal, "/dev/null"));
        Allow("file-read* file-write*", new PathFilter(PathMatch.Subpath, repository));
        return new Profile(rules);
    }

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
