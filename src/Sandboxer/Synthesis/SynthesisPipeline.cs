using System.Globalization;
using Sandboxer.Events;
using Sandboxer.Sbpl.Engine;
using Sandboxer.Sbpl.Evaluation;
using Sandboxer.Sbpl.Text;
using Sandboxer.Synthesis.Rendering;

namespace Sandboxer.Synthesis;

/// <summary>
/// Synthesis end to end, without running anything: grants from events, the SBPL text, then the proof — the text is
/// evaluated like any user profile and every successful access of every observation run is decided by the engine.
/// </summary>
public static class SynthesisPipeline
{
    public static SynthesizedProfile Run(IReadOnlyList<ObservedRun> runs, SynthesisContext context, ProfileHeader header)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(header);
        var result = Synthesizer.Synthesize(runs, context);
        // Written in the canonical style, so `sandboxer fmt --check` accepts every generated profile.
        var text = Sbpl.Formatting.SbplFormatter.Format(ProfileRenderer.Render(result, header, MandatoryDenySet.For(context.Platform)), "<synthesized>");
        var (proof, diagnostics) = Prove(text, runs, context, result);
        return new SynthesizedProfile(text, result, proof, diagnostics);
    }

    /// <summary>The parameters a profile is evaluated with for one run.</summary>
    public static IReadOnlyDictionary<string, string> ParametersFor(SynthesisContext context, string? temporaryDirectory)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ProfileParameters.Home] = context.Home,
            [ProfileParameters.WorkingDirectory] = context.WorkingDirectory,
            [ProfileParameters.TemporaryDirectory] = temporaryDirectory ?? Path.GetTempPath().TrimEnd('/'),
        };
    }

    private static (CoverageProof Proof, IReadOnlyList<Diagnostics.Diagnostic> Diagnostics) Prove(
        string text, IReadOnlyList<ObservedRun> runs, SynthesisContext context, SynthesisResult result)
    {
        var refused = result.Refusals.Select(r => (r.Operation, r.Target)).ToHashSet();
        var misses = new List<CoverageMiss>();
        var diagnostics = new List<Diagnostics.Diagnostic>();
        long checkedCount = 0;
        long refusedCount = 0;
        foreach (var run in runs.Where(r => r.Kind == RunKind.Observe).OrderBy(r => r.Index))
        {
            var source = new SourceText(text, "<synthesized>");
            var loaded = ProfileLoader.Load([source], ParametersFor(context, run.TemporaryDirectory));
            if (loaded.HasErrors)
            {
                diagnostics.AddRange(loaded.Diagnostics);
                break;
            }

            var engine = PolicyEngine.Compile(loaded.Profile);
            foreach (var e in run.Events.Where(e => e.Result.IsOk))
            {
                checkedCount++;
                var decision = engine.Decide(AccessRequest.FromEvent(e));
                if (!decision.MayBeDenied)
                {
                    continue;
                }

                if (refused.Contains((Normalize(e.Operation), RefusalTarget(e))))
                {
                    refusedCount++;
                    continue;
                }

                misses.Add(new CoverageMiss(e, run.Index, Describe(decision)));
            }
        }

        return (new CoverageProof(checkedCount, refusedCount, misses), diagnostics);
    }

    /// <summary>What an event is about, as reports show it: path, address or name.</summary>
    public static string TargetOf(AccessEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return RefusalTarget(e);
    }

    internal static string RefusalTarget(AccessEvent e) =>
        e.Path ?? EventCollector.EndpointOf(e)?.ToString() ?? e.Name ?? string.Empty;

    private static string Normalize(string operation)
    {
        var canonical = Sbpl.Policy.OperationCatalog.Canonicalize(operation);
        return canonical == "process-exec*" ? "process-exec" : canonical;
    }

    private static string Describe(Decision decision) =>
        decision.Rule is { } rule
            ? string.Create(CultureInfo.InvariantCulture, $"{decision.Action.ToString().ToLowerInvariant()} by {rule.Text ?? "a rule"} ({decision.Reason})")
            : string.Create(CultureInfo.InvariantCulture, $"{decision.Action.ToString().ToLowerInvariant()} ({decision.Reason}, decided by {decision.DecidedBy})");
}
