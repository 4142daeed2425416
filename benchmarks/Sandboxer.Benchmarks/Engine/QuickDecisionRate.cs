using System.Diagnostics;
using System.Globalization;
using Sandboxer.Sbpl.Engine;
using Sandboxer.Sbpl.Policy;
using Sandboxer.Tests.Sbpl.Engine;

namespace Sandboxer.Benchmarks.Engine;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/Sandboxer.Benchmarks -- quick-engine</c>: decisions per second on one
/// core for the generated 500-rule profile and Chromium's renderer profile, compiled and reference, taking the best of
/// several rounds — a quick, noise-resistant reading for a shared machine (BenchmarkDotNet gives the full statistics).
/// </summary>
internal static class QuickDecisionRate
{
    public static void Run(TextWriter output)
    {
        var generated = GeneratedProfile.Create(500);
        var generatedRequests = GeneratedProfile.Paths(1024).Select((p, i) => new AccessRequest(i % 2 == 0 ? "file-read-data" : "file-write-data") { Path = p }).ToArray();
        Report(output, "generated 500 rules", generated, generatedRequests);

        var chromium = ChromiumProfile.Load();
        var paths = ChromiumProfile.Paths(chromium);
        Report(output, "chromium file-read-data", chromium, [.. paths.Select(p => new AccessRequest("file-read-data") { Path = p })]);
        Report(output, "chromium file-write-data", chromium, [.. paths.Select(p => new AccessRequest("file-write-data") { Path = p })]);
        ReportCheck(output);
    }

    /// <summary>The in-process cost of what <c>sandboxer check</c> does on Chromium, warm (best of 20): load, compile, lint.</summary>
    private static void ReportCheck(TextWriter output)
    {
        var load = double.MaxValue;
        var compile = double.MaxValue;
        var lint = double.MaxValue;
        for (var round = 0; round < 20; round++)
        {
            var stopwatch = Stopwatch.StartNew();
            var profile = ChromiumProfile.Load();
            load = Math.Min(load, stopwatch.Elapsed.TotalMilliseconds);
            stopwatch.Restart();
            var engine = PolicyEngine.Compile(profile);
            compile = Math.Min(compile, stopwatch.Elapsed.TotalMilliseconds);
            stopwatch.Restart();
            _ = Sandboxer.Analysis.ProfileLinter.Lint(engine, new Sandboxer.Analysis.LintOptions("/Users/alice"));
            lint = Math.Min(lint, stopwatch.Elapsed.TotalMilliseconds);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"chromium check pipeline (warm): load {load:F2} ms, compile {compile:F2} ms, lint {lint:F2} ms"));
    }

    private static void Report(TextWriter output, string name, Profile profile, AccessRequest[] requests)
    {
        var engine = PolicyEngine.Compile(profile);
        var reference = new ReferenceEngine(profile);
        var compiled = Rate(requests, r => engine.Decide(r).IsAllowed, 2_000_000);
        var linear = Rate(requests, r => reference.Decide(r).Action == RuleAction.Allow, 20_000);
        var undecidable = requests.Count(r => !engine.Decide(r).IsCertain);
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{name}: {profile.Rules.Count} rules, {requests.Length} requests ({undecidable} undecidable): compiled {compiled / 1e6:F2} M/s, reference {linear / 1e3:F1} k/s, ratio {compiled / linear:F0}x"));
    }

    private static double Rate(AccessRequest[] requests, Func<AccessRequest, bool> decide, int decisions)
    {
        var best = 0.0;
        for (var round = 0; round < 5; round++)
        {
            var stopwatch = Stopwatch.StartNew();
            var allowed = 0;
            for (var i = 0; i < decisions; i++)
            {
                allowed += decide(requests[i % requests.Length]) ? 1 : 0;
            }

            best = Math.Max(best, decisions / stopwatch.Elapsed.TotalSeconds);
            GC.KeepAlive(allowed);
        }

        return best;
    }
}
