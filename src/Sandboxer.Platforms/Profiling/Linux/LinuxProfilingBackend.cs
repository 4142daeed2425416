using System.Globalization;
using System.Runtime.Versioning;
using Sandboxer.Analysis;
using Sandboxer.Events;
using Sandboxer.Platforms.Linux.Enforcement;
using Sandboxer.Platforms.Linux.Landlock;
using Sandboxer.Platforms.Linux.Landlock.Audit;
using Sandboxer.Platforms.Linux.Tracing;
using Sandboxer.Platforms.Probes;
using Sandboxer.Platforms.Processes;
using Sandboxer.Sbpl.Evaluation;

namespace Sandboxer.Platforms.Profiling.Linux;

/// <summary>
/// The Linux backend of the profiling loop: observation with strace, enforcement through <see cref="ConfinedRun"/>
/// (Landlock, plus a loopback-only network namespace when the profile allows no external destination), denials from
/// strace inside the sandbox while learning and from the kernel's audit records when verifying, each cross-checked
/// with the engine, and the negative probes under real enforcement.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class LinuxProfilingBackend : IProfilingBackend
{
    public TargetPlatform Platform => TargetPlatform.Linux;

    public string Description
    {
        get
        {
            var support = LandlockSupport.Host;
            var landlock = support.IsAvailable ? string.Create(CultureInfo.InvariantCulture, $"Landlock ABI {support.Abi}") : "no Landlock";
            return "linux: strace, " + landlock;
        }
    }

    public bool SupportsLongRunning => true;

    public BackendAvailability CheckAvailability()
    {
        if (StraceInvocation.Locate() is null)
        {
            return new BackendAvailability(false, false, "strace is not installed", StraceInvocation.InstallCommand);
        }

        var support = LandlockSupport.Host;
        return support.IsAvailable
            ? BackendAvailability.Ready
            : new BackendAvailability(true, false, "Landlock is not available: " + support.UnavailableReason, "a Linux kernel ≥ 5.13 with Landlock enabled (lsm=…,landlock)");
    }

    public async Task<BackendRun> RunPlainAsync(ProfilingTarget target, RunEnvironment environment, CancellationToken cancellationToken)
    {
        var outcome = await TargetRunner.RunAsync(Launch(target, environment), cancellationToken).ConfigureAwait(false);
        return new BackendRun(Convert(outcome), [], LongRunningNotes(outcome));
    }

    public async Task<BackendRun> ObserveAsync(ProfilingTarget target, RunEnvironment environment, CancellationToken cancellationToken)
    {
        var aggregator = new EventAggregator();
        var run = await StraceTracer.TraceAsync(Launch(target, environment), aggregator.Add, cancellationToken).ConfigureAwait(false);
        var notes = LongRunningNotes(run.Outcome);
        if (run.TraceMissing && !run.Outcome.Interrupted)
        {
            notes.Add("strace produced no trace (" + run.Outcome.Describe() + ")");
        }

        return new BackendRun(Convert(run.Outcome), [.. aggregator.Events], notes);
    }

    public Task<BackendRun> EnforceAsync(string profilePath, ProfilingTarget target, RunEnvironment environment, CancellationToken cancellationToken) =>
        EnforceAsync(profilePath, target, environment, EnforcementPurpose.Learn, cancellationToken);

    /// <summary>
    /// Runs the target confined by the profile. Learning runs see denials through strace inside the sandbox (exact paths,
    /// syscalls and processes); verify runs through the kernel's audit records when root can have them, which costs
    /// nothing. Where Landlock has a right only per directory and the profile allows it for some entries (git's
    /// <c>index.lock</c>), the run gets it for the directory and is traced, and every access that grant lets through is
    /// checked with the engine: the loop learns what the profile denies, not what Landlock cannot express. Only what the profile itself denies is returned to learn from; what Landlock enforced stricter than the
    /// profile, and refusals by file permissions, become notes.
    /// </summary>
    public async Task<BackendRun> EnforceAsync(string profilePath, ProfilingTarget target, RunEnvironment environment, EnforcementPurpose purpose, CancellationToken cancellationToken)
    {
        var loaded = ProfileLoader.LoadFiles([profilePath], environment.Parameters);
        if (loaded.HasErrors)
        {
            throw new InvalidOperationException("the synthesized profile does not evaluate: " + loaded.Diagnostics.First(d => d.IsError));
        }

        var run = ConfinedRun.Prepare(loaded.Profile, new ConfinedRunOptions
        {
            Denials = purpose == EnforcementPurpose.Learn ? DenialCollection.Trace : DenialCollection.Cheapest,
            Widening = new TracedWidening(environment.Home),
        });
        var notes = new List<string>();
        void Note(string note)
        {
            if (!notes.Contains(note))
            {
                notes.Add(note);
            }
        }

        foreach (var directory in run.CreatedDirectories)
        {
            Note("created " + directory + " before launch: the profile lets the program create it");
        }

        foreach (var diagnostic in run.Diagnostics.Where(d => d.Severity >= Diagnostics.DiagnosticSeverity.Warning))
        {
            Note(diagnostic.Message);
        }

        var result = await run.RunAsync(Launch(target, environment), cancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in result.LaunchDiagnostics.Where(d => d.Severity >= Diagnostics.DiagnosticSeverity.Warning))
        {
            Note(diagnostic.Message);
        }

        if (result.StartFailure is { } failure)
        {
            Note(failure.Message);
        }

        if (result.DenialsUnavailableReason is { } unavailable)
        {
            Note("denials cannot be collected: " + unavailable);
        }

        foreach (var denial in result.Denials.Where(d => d.Cause != DenialCause.Profile))
        {
            Note(denial.Explanation);
        }

        foreach (var note in LongRunningNotes(result.Outcome))
        {
            Note(note);
        }

        return new BackendRun(Convert(result.Outcome), [.. result.ProfileDenials.Select(d => d.Event with { Result = AccessResult.Denied })], notes)
        {
            LetThrough = result.ProfileDenials.Where(d => d.LetThrough).Select(d => d.Event with { Result = AccessResult.Denied }).ToHashSet(),
        };
    }

    public Task<ProbeReport> ProbeAsync(string profilePath, RunEnvironment environment, CancellationToken cancellationToken) =>
        NegativeProbes.RunAsync(
            parameters =>
            {
                var loaded = ProfileLoader.LoadFiles([profilePath], parameters);
                return loaded.HasErrors
                    ? throw new InvalidOperationException("the profile does not evaluate with the probe parameters: " + loaded.Diagnostics.First(d => d.IsError))
                    : loaded.Profile;
            },
            environment.Parameters,
            cancellationToken);

    private static TargetLaunch Launch(ProfilingTarget target, RunEnvironment environment) => new()
    {
        Arguments = target.Arguments,
        WorkingDirectory = target.WorkingDirectory,
        Environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["TMPDIR"] = environment.TemporaryDirectory,
            ["HOME"] = environment.Home,
        },
        CaptureOutput = target.CaptureOutput,
        Timeout = target.Timeout,
        LongRunning = target.LongRunning,
    };

    private static RunOutcome Convert(TargetOutcome outcome) => new(
        outcome.ExitCode,
        outcome.Signal,
        outcome.Interrupted,
        outcome.TimedOut,
        outcome.Output is { } output ? output.Sha256 + ":" + output.Length.ToString(CultureInfo.InvariantCulture) : null,
        outcome.Elapsed,
        outcome.ExerciseSucceeded)
    {
        LongRunning = outcome.LongRunning,
    };

    /// <summary>A failed exercise, with the end of what it printed, so the user sees why the run was not normal.</summary>
    private static List<string> LongRunningNotes(TargetOutcome outcome) =>
        outcome.LongRunning?.ExerciseNote() is { } note ? [note] : [];
}
