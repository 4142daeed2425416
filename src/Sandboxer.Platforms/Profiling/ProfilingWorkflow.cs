using System.Diagnostics;
using System.Globalization;
using Sandboxer.Analysis;
using Sandboxer.Events;
using Sandboxer.Platforms.MacOS.Driver;
using Sandboxer.Platforms.Probes;
using Sandboxer.Synthesis;
using Sandboxer.Synthesis.Generalization;
using Sandboxer.Synthesis.Rendering;

namespace Sandboxer.Platforms.Profiling;

/// <summary>
/// The method Sandboxer automates, one orchestration for both platforms: observe the target (each run with a fresh
/// TMPDIR), synthesize and prove the profile, then run under enforcement; while the run is not normal or the sandbox
/// denies something, add evidence-backed rules (the mandatory deny set stays denied) and run again, up to
/// <see cref="ProfilingOptions.MaxIterations"/>; then <see cref="ProfilingOptions.VerifyRuns"/> more enforced runs must pass
/// with no denials, and the negative probes must all be blocked. When the first synthesis is right that is three runs.
/// </summary>
internal sealed class ProfilingWorkflow(IProfilingBackend backend, ProfilingOptions options, IProgress<ProfilingProgress>? progress = null)
{
    /// <summary>How often a run that failed with no denial reported is repeated when reports are lossy.</summary>
    public const int SilentFailureRetries = 2;

    private readonly List<ObservedRun> _runs = [];
    private readonly List<RunRecord> _records = [];
    private readonly List<string> _notes = [];
    private int _nextIndex;
    private TimeSpan _runTime;
    private TimeSpan _synthesisTime;
    private TimeSpan _probeTime;
    private string _workingDirectory = Environment.CurrentDirectory;

    public async Task<ProfilingReport> RunAsync(ProfilingTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var stopwatch = Stopwatch.StartNew();
        _workingDirectory = target.WorkingDirectory;
        if (target.LongRunning is not null && !backend.SupportsLongRunning)
        {
            throw new PlatformUnavailableException(
                "--ready-port, --exercise and --stop-after are not implemented by the " + backend.Platform.ToString().ToLowerInvariant() + " backend yet",
                "profile the server on Linux, or run it without these options and a --timeout");
        }

        var availability = backend.CheckAvailability();
        if (!availability.CanObserve)
        {
            throw new PlatformUnavailableException(availability.Problem ?? "this platform cannot observe programs", availability.Remedy);
        }

        var compareOutput = options.ExpectOutput;
        RunOutcome? normal = null;
        if (options.Baseline || backend.ObservationRestrictsTarget)
        {
            var baseline = await RunAsync(RunKind.Baseline, env => backend.RunPlainAsync(target, env, cancellationToken), null, compareOutput, cancellationToken).ConfigureAwait(false);
            normal = baseline.Outcome;
            if (baseline.Outcome.Interrupted)
            {
                return Finish(Synthesize(target), false, "interrupted", 0, [], stopwatch);
            }

            if (UnconfinedFailure(baseline.Outcome, "untraced") is { } failed)
            {
                return Finish(Synthesize(target), false, failed, 0, [], stopwatch);
            }
        }

        for (var i = 0; i < options.ObservationRuns; i++)
        {
            var observed = await RunAsync(RunKind.Observe, env => backend.ObserveAsync(target, env, cancellationToken), normal, compareOutput, cancellationToken).ConfigureAwait(false);
            normal ??= observed.Outcome;
            if (observed.Outcome.Interrupted)
            {
                return Finish(Synthesize(target), false, "interrupted", 0, [], stopwatch);
            }

            if (UnconfinedFailure(observed.Outcome, "observed") is { } failed)
            {
                return Finish(Synthesize(target), false, failed, 0, [], stopwatch);
            }
        }

        var synthesized = Synthesize(target);
        if (!synthesized.IsSound)
        {
            return Finish(synthesized, false, "synthesis bug: the generated profile does not allow everything that was observed", 0, [], stopwatch);
        }

        if (!availability.CanEnforce)
        {
            return Finish(synthesized, false, "not verified: " + (availability.Problem ?? "this machine cannot enforce profiles"), 0, [], stopwatch);
        }

        var iterations = 0;
        var verifyPasses = 0;
        var silentRetries = 0;
        while (verifyPasses < options.VerifyRuns)
        {
            var verifying = iterations > 0 && _records[^1].Kind is RunKind.Enforce or RunKind.Verify && _records[^1].Normal && _records[^1].Events == 0;
            if (!verifying)
            {
                if (iterations >= options.MaxIterations)
                {
                    return Finish(synthesized, false, string.Create(CultureInfo.InvariantCulture, $"not verified: still failing after {iterations} enforced iterations (--max-iterations)"), iterations, [], stopwatch);
                }

                iterations++;
            }

            var kind = verifying ? RunKind.Verify : RunKind.Enforce;
            using var profileFile = TemporaryProfile.Write(synthesized.Text);
            var purpose = verifying ? EnforcementPurpose.Verify : EnforcementPurpose.Learn;
            var enforced = await RunAsync(kind, env => backend.EnforceAsync(profileFile.Path, target, env, purpose, cancellationToken), normal, compareOutput, verifying ? 0 : silentRetries, cancellationToken).ConfigureAwait(false);
            if (enforced.Outcome.Interrupted)
            {
                return Finish(synthesized, false, "interrupted", iterations, [], stopwatch);
            }

            var record = _records[^1];
            if (record.Normal && record.Events == 0)
            {
                verifyPasses += verifying ? 1 : 0;
                silentRetries = 0;
                continue;
            }

            verifyPasses = 0;
            var denials = enforced.Events.Where(e => e.Result.IsDenied).ToList();
            var before = synthesized.Text;
            if (denials.Count > 0)
            {
                synthesized = Synthesize(target);
                if (!synthesized.IsSound)
                {
                    return Finish(synthesized, false, "synthesis bug: the refined profile does not allow everything that was observed", iterations, [], stopwatch);
                }
            }

            if (synthesized.Text == before)
            {
                if (denials.Count == 0 && backend.DenialReportsAreLossy && silentRetries < SilentFailureRetries)
                {
                    // Reports are a lower bound: fresh processes may get the denial reported this time.
                    silentRetries++;
                    continue;
                }

                var why = denials.Count == 0
                    ? "the program " + enforced.Outcome.Describe() + " under the profile (normally it " + (normal?.Describe() ?? "?") + ") and the sandbox reported no denial"
                        + (silentRetries > 0 ? string.Create(CultureInfo.InvariantCulture, $" in {silentRetries + 1} runs (its reports are a lower bound: a denial may have gone unreported every time)") : string.Empty)
                    : "the sandbox denied accesses that cannot be granted: " + string.Join("; ", DescribeRefused(denials));
                return Finish(synthesized, false, "not verified: " + why, iterations, [], stopwatch);
            }

            silentRetries = 0;
        }

        IReadOnlyList<ProbeResult> probes = [];
        if (options.Probe)
        {
            progress?.Report(new ProfilingProgress("probe", "trying to reach secrets and undeclared resources under the profile"));
            using var profileFile = TemporaryProfile.Write(synthesized.Text);
            var environment = FreshEnvironment();
            try
            {
                var clock = Stopwatch.StartNew();
                var report = await backend.ProbeAsync(profileFile.Path, environment, cancellationToken).ConfigureAwait(false);
                _probeTime += clock.Elapsed;
                probes = report.Results;
            }
            finally
            {
                RemoveTemporary(environment);
            }
        }

        var leaks = probes.Where(p => p.IsLeak).ToList();
        return leaks.Count == 0
            ? Finish(synthesized, true, "verified", iterations, probes, stopwatch)
            : Finish(synthesized, false, "not verified: probes leaked: " + string.Join(", ", leaks.Select(l => l.Id)), iterations, probes, stopwatch);
    }

    /// <summary>
    /// A long-running target that did not get ready, failed its exercise or ended by itself while nothing confined it:
    /// no enforced run can do better, so the loop stops and says why (the port, the exercise or the command is wrong).
    /// </summary>
    private static string? UnconfinedFailure(RunOutcome outcome, string how) =>
        outcome.LongRunning is { Succeeded: false } longRunning
            ? "not verified: " + how + " without a sandbox, the program " + outcome.Describe() + " (" + longRunning.Options.Describe() + ")"
            : null;

    private SynthesizedProfile Synthesize(ProfilingTarget target)
    {
        progress?.Report(new ProfilingProgress("synthesize", string.Create(CultureInfo.InvariantCulture, $"from {_runs.Sum(r => r.Events.Count)} events of {_runs.Count} runs")));
        var context = new SynthesisContext
        {
            Platform = backend.Platform,
            Home = options.Home,
            WorkingDirectory = target.WorkingDirectory,
            Sensitivity = new CatalogSensitivity(options.Home, backend.Platform),
            Network = options.Network,
            Command = [.. target.Arguments],
            Mode = options.Mode,
            PlatformBase = backend.Platform == TargetPlatform.MacOS ? Synthesis.Platforms.MacOSBase.Grants(options.Network != NetworkMode.None) : [],
        };
        var header = new ProfileHeader(
            [.. target.Arguments],
            options.Mode,
            backend.Platform,
            options.Network,
            _runs.Count(r => r.Kind == RunKind.Observe),
            options.ToolVersion);
        var clock = Stopwatch.StartNew();
        var result = SynthesisPipeline.Run(_runs, context, header);
        _synthesisTime += clock.Elapsed;
        return result;
    }

    private Task<BackendRun> RunAsync(
        RunKind kind, Func<RunEnvironment, Task<BackendRun>> run, RunOutcome? normal, bool compareOutput, CancellationToken cancellationToken) =>
        RunAsync(kind, run, normal, compareOutput, retry: 0, cancellationToken);

    private async Task<BackendRun> RunAsync(
        RunKind kind, Func<RunEnvironment, Task<BackendRun>> run, RunOutcome? normal, bool compareOutput, int retry, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var index = _nextIndex++;
        var detail = string.Create(CultureInfo.InvariantCulture, $"run {index + 1}") + (retry > 0 ? " (again: the last run failed with no denial reported)" : string.Empty);
        progress?.Report(new ProfilingProgress(kind.ToString().ToLowerInvariant(), detail));
        var environment = FreshEnvironment() with { Retry = retry };
        try
        {
            var clock = Stopwatch.StartNew();
            var result = await run(environment).ConfigureAwait(false);
            _runTime += clock.Elapsed;
            var isNormal = normal is null || result.Outcome.Matches(normal, compareOutput);
            var denied = kind is RunKind.Enforce or RunKind.Verify ? result.Events.Where(e => e.Result.IsDenied).ToList() : [];

            // An access that also failed when observed unconfined (a terminal the run does not have: ENXIO), in a run
            // that behaved normally, is not something the program needs: it stays denied and is not learned.
            // A denial a traced widening let through succeeded in this run, so its normal outcome proves nothing.
            var alreadyFailing = isNormal ? denied.Where(d => !result.LetThrough.Contains(d) && FailedWhenObserved(d)).ToList() : [];
            var relevant = kind is RunKind.Enforce or RunKind.Verify ? denied.Except(alreadyFailing).ToList() : result.Events;
            var denials = relevant.Where(e => e.Result.IsDenied)
                .Select(e => e.Operation + " " + SynthesisPipeline.TargetOf(e))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            _records.Add(new RunRecord(kind, index, result.Outcome, relevant.Count, isNormal, result.Notes, denials));
            foreach (var failing in alreadyFailing.Select(e => e.Operation + " " + SynthesisPipeline.TargetOf(e)).Distinct(StringComparer.Ordinal))
            {
                var note = failing + " is denied by the profile; it failed when observed unconfined too and the program ran normally, so it stays denied";
                if (!_notes.Contains(note))
                {
                    _notes.Add(note);
                }
            }

            foreach (var note in result.Notes)
            {
                if (!_notes.Contains(note))
                {
                    _notes.Add(note);
                }
            }

            if (kind != RunKind.Baseline && relevant.Count > 0)
            {
                _runs.Add(new ObservedRun(kind, index, environment.TemporaryDirectory, relevant));
            }
            else if (kind == RunKind.Observe)
            {
                _runs.Add(new ObservedRun(kind, index, environment.TemporaryDirectory, []));
            }

            return result;
        }
        finally
        {
            RemoveTemporary(environment);
        }
    }

    private RunEnvironment FreshEnvironment()
    {
        var temporary = Path.Combine(options.TemporaryRoot, "sandboxer-run-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(temporary);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var resolved = ResolveDirectory(temporary);
        return new RunEnvironment(options.Home, _workingDirectory, resolved);
    }

    /// <summary>The real path (on macOS <c>/var/folders/…</c> is <c>/private/var/folders/…</c>, as the kernel reports it).</summary>
    private static string ResolveDirectory(string path) => RealPathResolver.Instance.RealPath(path) ?? Path.GetFullPath(path);

    private static void RemoveTemporary(RunEnvironment environment)
    {
        try
        {
            Directory.Delete(environment.TemporaryDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// Whether every unconfined observation of this access failed, with an error other than a permission refusal (so
    /// no sandbox or file mode was involved), and none succeeded.
    /// </summary>
    private bool FailedWhenObserved(AccessEvent denial)
    {
        var target = SynthesisPipeline.TargetOf(denial);
        var observed = _runs
            .Where(r => r.Kind == RunKind.Observe)
            .SelectMany(r => r.Events)
            .Where(e => e.Operation == denial.Operation && SynthesisPipeline.TargetOf(e) == target)
            .ToList();
        return observed.Count > 0 && observed.TrueForAll(e => e.Result.Kind == AccessResultKind.Error && e.Result.Errno is not ("EACCES" or "EPERM"));
    }

    private static IEnumerable<string> DescribeRefused(IEnumerable<AccessEvent> denials) =>
        denials.Select(d => d.Operation + " " + (d.Path ?? d.Remote?.ToString() ?? d.Name ?? string.Empty)).Distinct(StringComparer.Ordinal).Take(5);

    private ProfilingReport Finish(SynthesizedProfile profile, bool verified, string status, int iterations, IReadOnlyList<ProbeResult> probes, Stopwatch stopwatch)
    {
        progress?.Report(new ProfilingProgress("done", status));
        return new ProfilingReport(profile, verified, status, [.. _records], iterations, profile.Result.Refusals, probes, [.. _notes], stopwatch.Elapsed)
        {
            Phases = new ProfilingPhases(_runTime, _records.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.Outcome.Elapsed), _synthesisTime, _probeTime),
        };
    }
}
