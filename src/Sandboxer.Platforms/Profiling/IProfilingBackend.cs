using Sandboxer.Analysis;
using Sandboxer.Platforms.Probes;

namespace Sandboxer.Platforms.Profiling;

/// <summary>
/// What the profiling loop needs from a platform: run the target plainly, observe it, run it under a profile and
/// report what was denied, and run the negative probes. Linux: strace + Landlock; macOS: sandbox-exec + the unified log.
/// </summary>
internal interface IProfilingBackend
{
    TargetPlatform Platform { get; }

    /// <summary>For reports: e.g. "linux: strace 6.1, Landlock ABI 7".</summary>
    string Description { get; }

    /// <summary>
    /// True when observation runs the target restricted (macOS: under the inventory profile's mandatory denies, or the
    /// deny-default seed profile, see docs/macos.md), so how an observed run ends says nothing about how the program normally ends: the loop then
    /// first runs it unsandboxed (the baseline) to learn that.
    /// </summary>
    bool ObservationRestrictsTarget => false;

    /// <summary>
    /// True when the sandbox's denial reports are only a lower bound (macOS: the unified log collapses, rate-limits
    /// and drops reports). A run that fails with no denial reported then proves nothing: the loop runs it again, with
    /// fresh processes and <see cref="RunEnvironment.Retry"/> counting the attempts, before it gives up.
    /// </summary>
    bool DenialReportsAreLossy => false;

    BackendAvailability CheckAvailability();

    /// <summary>Whether the backend runs long-running targets (<see cref="ProfilingTarget.LongRunning"/>): ready port, exercise, stop.</summary>
    bool SupportsLongRunning => false;

    /// <summary>Runs the target untraced (the <c>--baseline</c> run).</summary>
    Task<BackendRun> RunPlainAsync(ProfilingTarget target, RunEnvironment environment, CancellationToken cancellationToken);

    /// <summary>Runs the target unrestricted and records everything it touches.</summary>
    Task<BackendRun> ObserveAsync(ProfilingTarget target, RunEnvironment environment, CancellationToken cancellationToken);

    /// <summary>Runs the target under <paramref name="profilePath"/>; the events are the denials, each naming its rule.</summary>
    Task<BackendRun> EnforceAsync(string profilePath, ProfilingTarget target, RunEnvironment environment, CancellationToken cancellationToken);

    /// <summary>
    /// Runs the target under <paramref name="profilePath"/> for <paramref name="purpose"/>: denials of a
    /// <see cref="EnforcementPurpose.Learn"/> run are learned from and should be as exact as the platform can see them.
    /// </summary>
    Task<BackendRun> EnforceAsync(string profilePath, ProfilingTarget target, RunEnvironment environment, EnforcementPurpose purpose, CancellationToken cancellationToken) =>
        EnforceAsync(profilePath, target, environment, cancellationToken);

    /// <summary>Runs the negative probes under <paramref name="profilePath"/>.</summary>
    Task<ProbeReport> ProbeAsync(string profilePath, RunEnvironment environment, CancellationToken cancellationToken);
}
