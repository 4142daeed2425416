using Sandboxer.Diagnostics;
using Sandboxer.Platforms.Linux.Landlock.Audit;
using Sandboxer.Platforms.Processes;

namespace Sandboxer.Platforms.Linux.Enforcement;

/// <summary>
/// What one confined run gave: how the target ended (or why it never started), the denials each explained by the
/// engine, where they came from, and what the launch itself reported.
/// </summary>
internal sealed record ConfinedRunResult
{
    /// <summary>How the target ended; for a target that never started, the shell's 126/127 (see <see cref="StartFailure"/>).</summary>
    public required TargetOutcome Outcome { get; init; }

    /// <summary>Set when the target never ran.</summary>
    public TargetStartFailure? StartFailure { get; init; }

    /// <summary>
    /// Every refused access, merged when identical (with a count), each with its cause: the profile denies it, Landlock
    /// was compiled stricter than the profile, or (strace only) file permissions refused what the sandbox allows.
    /// </summary>
    public IReadOnlyList<ExplainedDenial> Denials { get; init; } = [];

    /// <summary>Where <see cref="Denials"/> came from; <see cref="DenialCollection.None"/> when none could be collected.</summary>
    public DenialCollection DenialSource { get; init; }

    /// <summary>Why denials were asked for and could not be collected.</summary>
    public string? DenialsUnavailableReason { get; init; }

    /// <summary>What the launch reported (rule paths that changed since compilation, ABI degradation, relay ports in use).</summary>
    public IReadOnlyList<Diagnostic> LaunchDiagnostics { get; init; } = [];

    /// <summary>The denials the profile itself decides: the evidence a profile can learn from.</summary>
    public IEnumerable<ExplainedDenial> ProfileDenials => Denials.Where(d => d.Cause == DenialCause.Profile);
}
