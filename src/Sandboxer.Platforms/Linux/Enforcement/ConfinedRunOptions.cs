using Sandboxer.Platforms.Linux.Landlock;

namespace Sandboxer.Platforms.Linux.Enforcement;

/// <summary>How <see cref="ConfinedRun"/> prepares and runs a confined target.</summary>
internal sealed record ConfinedRunOptions
{
    public static ConfinedRunOptions Default { get; } = new();

    /// <summary>Where denials come from; <see cref="DenialCollection.None"/> collects none.</summary>
    public DenialCollection Denials { get; init; } = DenialCollection.None;

    /// <summary>
    /// Create, before the launch, output directories the profile lets the program create and write below but which do
    /// not exist yet, so that their rules can be attached (see <see cref="OutputDirectories"/>).
    /// </summary>
    public bool CreateOutputDirectories { get; init; } = true;

    /// <summary>How long to wait for another process to stop being the audit daemon (<see cref="DenialCollection.Audit"/>).</summary>
    public TimeSpan AuditBusyWait { get; init; } = Landlock.Audit.AuditDenialSession.BusyWait;

    /// <summary>How long to wait for the audit records of the run to arrive after it ended.</summary>
    public TimeSpan AuditFlushGrace { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Replaces the network isolation the profile compiles to (the probes try external hosts in an empty namespace).</summary>
    public NetworkIsolation? NetworkOverride { get; init; }

    /// <summary>
    /// Widen per-directory rights for a run traced inside its domain (<see cref="TracedWidening"/>): only honoured when
    /// strace is installed, and then the run's denials are always collected by tracing, so that every access the
    /// widening lets through is checked against the profile. For the profiling loop; never for <c>sandboxer run</c>.
    /// </summary>
    public TracedWidening? Widening { get; init; }

    /// <summary>The Landlock the kernel offers; the running kernel's by default.</summary>
    public LandlockSupport? Support { get; init; }
}
