using System.Globalization;
using Sandboxer.Platforms.Profiling;
using Sandboxer.Synthesis;
using Sandboxer.Synthesis.Grants;
using Sandboxer.Synthesis.Rendering;

namespace Sandboxer.Cli.Profiling;

/// <summary>The human summary of <c>sandboxer profile</c>: status, runs used, rules by category, what was generalized and why, probes, and how to run it.</summary>
internal static class ProfileSummaryPrinter
{
    public static void Print(TextWriter output, ProfilingReport report, ProfileRunSummary summary)
    {
        var status = report.Verified ? "verified" : report.Status;
        output.WriteLine($"sandboxer: profile {status}{(summary.ProfilePath is { } path ? " — " + path : string.Empty)}");
        var runs = string.Join(", ", new[] { RunKind.Baseline, RunKind.Observe, RunKind.Enforce, RunKind.Verify }
            .Where(k => report.Count(k) > 0)
            .Select(k => string.Create(CultureInfo.InvariantCulture, $"{report.Count(k)} {k.ToString().ToLowerInvariant()}")));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  runs: {report.Runs.Count} ({runs}), {report.Iterations} enforced iteration{(report.Iterations == 1 ? string.Empty : "s")}, {report.Elapsed.TotalSeconds:F1} s"));

        var grants = report.Profile.Result.Grants;
        output.WriteLine("  rules: " + string.Join(", ", grants.GroupBy(g => g.Category).OrderBy(g => g.Key)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{ProfileReportJson.CategoryName(g.Key)} {g.Count()}"))));

        var generalized = grants.Where(g => g.Step is not (GeneralizationStep.Observed or GeneralizationStep.Sensitive or GeneralizationStep.PlatformBase)).ToList();
        if (generalized.Count > 0)
        {
            output.WriteLine("  generalized:");
            foreach (var grant in generalized)
            {
                output.WriteLine($"    {grant.Operation} {SbplExpressions.Filter(grant.Target)}: {grant.Reason}");
            }
        }

        var sensitive = grants.Where(g => g.IsSensitive).ToList();
        output.WriteLine(sensitive.Count == 0 ? "  sensitive paths used: none" : "  sensitive paths used (allowed as literals only — review):");
        foreach (var grant in sensitive)
        {
            output.WriteLine($"    {grant.Operation} {SbplExpressions.Filter(grant.Target)}: {grant.Reason}");
        }

        if (report.Refusals.Count > 0)
        {
            output.WriteLine("  not granted:");
            foreach (var refusal in report.Refusals.Take(20))
            {
                output.WriteLine($"    {refusal.Operation} {SbplExpressions.ForComment(refusal.Target)}: {refusal.Reason}");
            }

            if (report.Refusals.Count > 20)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    … and {report.Refusals.Count - 20} more (see --report)"));
            }
        }

        if (report.Probes.Count > 0)
        {
            var leaked = report.Probes.Where(p => p.IsLeak).ToList();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  probes: {report.Probes.Count - leaked.Count} blocked, {leaked.Count} leaked"));
            foreach (var probe in leaked)
            {
                output.WriteLine($"    LEAKED {probe.Id}: {probe.Description} ({probe.Target}): {probe.Evidence}");
            }
        }
        else
        {
            output.WriteLine("  probes: not run");
        }

        foreach (var note in report.Notes.Take(10))
        {
            output.WriteLine("  note: " + note);
        }

        output.WriteLine("run it:");
        output.WriteLine("  " + summary.RunCommand);
    }
}
