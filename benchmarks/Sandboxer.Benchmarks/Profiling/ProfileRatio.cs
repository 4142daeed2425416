using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Sandboxer.Benchmarks.Profiling;

/// <summary>
/// The whole <c>sandboxer profile</c> command against one untraced run of the same program, side by side: for each
/// workload, rounds alternate an untraced run and a full profile (observe, enforce, verify, probes) from the same
/// starting state; medians are compared and the runs the profile needed are read from its JSON report. Uses the
/// Release build of the CLI, as a user runs it (process start included). Run with
/// <c>dotnet run -c Release --project benchmarks/Sandboxer.Benchmarks -- profile-ratio [--rounds N]</c>.
/// </summary>
internal static class ProfileRatio
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length >= 2 && args[0] == "--rounds" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var cli = LocateCli();
        if (cli is null)
        {
            await Console.Error.WriteLineAsync("the Release build of the CLI is missing: run ./scripts/setup.sh (or dotnet build -c Release) first");
            return 2;
        }

        var root = Directory.CreateTempSubdirectory("sandboxer-profile-ratio-").FullName;
        try
        {
            var workloads = new[] { Python(root), Node(root), Git(root) };
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Median of {rounds} rounds, untraced and profile alternating; CLI {string.Join(' ', cli)}"));
            Console.WriteLine();
            Console.WriteLine("| workload | untraced | profile | ratio | runs (observe/enforce/verify) | status | observe ÷ untraced | enforce ÷ untraced | verify ÷ untraced | runs / target / synthesis / probes (s) |");
            Console.WriteLine("|---|---:|---:|---:|---|---|---:|---:|---:|---|");
            foreach (var workload in workloads)
            {
                var untraced = new List<double>();
                var profiled = new List<double>();
                JsonElement report = default;
                for (var round = 0; round < rounds; round++)
                {
                    workload.Reset();
                    untraced.Add(await TimeAsync(workload.Arguments[0], workload.Arguments[1..], workload.Directory));
                    workload.Reset();
                    var profilePath = Path.Combine(root, "profile.sb");
                    var reportPath = Path.Combine(root, "report.json");
                    profiled.Add(await TimeAsync(cli[0], [.. cli[1..], "profile", "--force", "-o", profilePath, "--report", reportPath, "--", .. workload.Arguments], workload.Directory));
                    report = JsonDocument.Parse(await File.ReadAllTextAsync(reportPath)).RootElement.Clone();
                    await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{workload.Name}: round {round + 1}/{rounds}"));
                }

                var baseline = Median(untraced);
                var runs = report.GetProperty("runs");
                var log = report.GetProperty("runLog").EnumerateArray().ToList();
                string PerKind(string kind) => log.Where(r => r.GetProperty("kind").GetString() == kind).Select(r => r.GetProperty("seconds").GetDouble() * 1000).DefaultIfEmpty(double.NaN).Average() is var ms && double.IsNaN(ms)
                    ? "–"
                    : string.Create(CultureInfo.InvariantCulture, $"{ms / baseline:0.00}×");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {workload.Name} | {baseline:0} ms | {Median(profiled):0} ms | {Median(profiled) / baseline:0.0}× | {runs.GetProperty("total").GetInt32()} ({runs.GetProperty("observe").GetInt32()}/{runs.GetProperty("enforce").GetInt32()}/{runs.GetProperty("verify").GetInt32()}) | {report.GetProperty("status").GetString()} | {PerKind("observe")} | {PerKind("enforce")} | {PerKind("verify")} | {Phases(report)} |"));
            }

            Console.WriteLine();
            Console.WriteLine("load average at the end: " + File.ReadAllText("/proc/loadavg").Split(' ')[0]);
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string Phases(JsonElement report)
    {
        var phases = report.GetProperty("phases");
        return string.Create(CultureInfo.InvariantCulture,
            $"{phases.GetProperty("runsSeconds").GetDouble():0.00} / {phases.GetProperty("targetSeconds").GetDouble():0.00} / {phases.GetProperty("synthesisSeconds").GetDouble():0.00} / {phases.GetProperty("probesSeconds").GetDouble():0.00}");
    }

    private sealed record Workload(string Name, string[] Arguments, string Directory, Action Reset);

    /// <summary><c>python3 -m compileall</c> over a copy of five standard-library packages; every round starts uncompiled.</summary>
    private static Workload Python(string root)
    {
        var directory = System.IO.Directory.CreateDirectory(Path.Combine(root, "python")).FullName;
        var stdlib = Capture("python3", "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])").Trim();
        foreach (var package in new[] { "email", "json", "asyncio", "xml", "unittest" })
        {
            Copy(Path.Combine(stdlib, package), Path.Combine(directory, "pkg", package), name => name != "__pycache__");
        }

        return new Workload("`python3 -m compileall` (5 stdlib packages)", ["python3", "-m", "compileall", "-q", "pkg"], directory, () =>
        {
            foreach (var cache in System.IO.Directory.EnumerateDirectories(directory, "__pycache__", SearchOption.AllDirectories).ToList())
            {
                System.IO.Directory.Delete(cache, recursive: true);
            }
        });
    }

    /// <summary>A node build script: reads every .js file of a copy of npm's own lib/, writes a bundle into dist/.</summary>
    private static Workload Node(string root)
    {
        var directory = System.IO.Directory.CreateDirectory(Path.Combine(root, "node")).FullName;
        var npmRoot = Capture("npm", "root", "-g").Trim();
        Copy(Path.Combine(npmRoot, "npm", "lib"), Path.Combine(directory, "src"), _ => true);
        File.WriteAllText(Path.Combine(directory, "build.js"), """
            const fs = require('fs');
            const path = require('path');
            const crypto = require('crypto');
            function walk(dir) { return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]); }
            const files = walk('src').filter(f => f.endsWith('.js')).sort();
            const bundle = files.map(f => '// ' + f + '\n' + fs.readFileSync(f, 'utf8')).join('\n');
            fs.mkdirSync('dist', { recursive: true });
            fs.writeFileSync(path.join('dist', 'bundle.js'), bundle);
            console.log(files.length + ' files, ' + crypto.createHash('sha256').update(bundle).digest('hex').slice(0, 12));
            """);
        return new Workload("`node build.js` (npm's lib/ bundled)", ["node", "build.js"], directory, () =>
        {
            if (System.IO.Directory.Exists(Path.Combine(directory, "dist")))
            {
                System.IO.Directory.Delete(Path.Combine(directory, "dist"), recursive: true);
            }
        });
    }

    /// <summary><c>git status</c> in a repository of 2,000 committed files.</summary>
    private static Workload Git(string root)
    {
        var directory = System.IO.Directory.CreateDirectory(Path.Combine(root, "repo")).FullName;
        for (var i = 0; i < 2000; i++)
        {
            var folder = System.IO.Directory.CreateDirectory(Path.Combine(directory, "d" + (i / 100).ToString(CultureInfo.InvariantCulture))).FullName;
            File.WriteAllText(Path.Combine(folder, "f" + i.ToString(CultureInfo.InvariantCulture)), "x");
        }

        foreach (var command in new[] { "init -q", "add -A", "-c user.name=b -c user.email=b@b commit -qm init" })
        {
            Capture("git", [.. command.Split(' ')], directory);
        }

        return new Workload("`git status` (2,000 files)", ["git", "status", "--porcelain"], directory, () => { });
    }

    private static async Task<double> TimeAsync(string program, string[] arguments, string directory)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = directory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
        }

        return elapsed;
    }

    private static string Capture(string program, params string[] arguments) => Capture(program, arguments, Environment.CurrentDirectory);

    private static string Capture(string program, string[] arguments, string directory)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = directory, UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    private static void Copy(string source, string destination, Func<string, bool> include)
    {
        System.IO.Directory.CreateDirectory(destination);
        foreach (var file in System.IO.Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }

        foreach (var child in System.IO.Directory.EnumerateDirectories(source).Where(d => include(Path.GetFileName(d))))
        {
            Copy(child, Path.Combine(destination, Path.GetFileName(child)), include);
        }
    }

    /// <summary>
    /// The CLI as <c>./run.sh</c> runs it: the ReadyToRun build in <c>artifacts/cli</c> when it is there
    /// (<c>SANDBOXER_PUBLISH=1 ./scripts/setup.sh</c>), else the Release build through <c>dotnet</c>.
    /// </summary>
    private static string[]? LocateCli()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var published = Path.Combine(directory.FullName, "artifacts", "cli", "sandboxer");
            if (File.Exists(published))
            {
                return [published];
            }

            var built = Path.Combine(directory.FullName, "src", "Sandboxer.Cli", "bin", "Release", "net10.0", "sandboxer.dll");
            if (File.Exists(built))
            {
                return ["dotnet", built];
            }
        }

        return null;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
