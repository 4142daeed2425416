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

    BackendAvailability CheckAvailability();

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
