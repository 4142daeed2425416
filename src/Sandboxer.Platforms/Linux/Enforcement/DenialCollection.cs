namespace Sandboxer.Platforms.Linux.Enforcement;

/// <summary>How a <see cref="ConfinedRun"/> learns what the sandbox denied.</summary>
internal enum DenialCollection
{
    /// <summary>Denials are not collected.</summary>
    None,

    /// <summary>
    /// The kernel's Landlock audit records (root, Landlock ABI 7). Costs almost nothing, but a denied create or remove
    /// names only the directory (<c>blockers=fs.make_reg path="/dir"</c>), and only one process on the system can listen.
    /// </summary>
    Audit,

    /// <summary>
    /// strace inside the target's Landlock domain: every failed call with its exact path (the file being created, the
    /// rename target), syscall and process, also without root. Costs what tracing costs (docs/linux-enforcement.md).
    /// </summary>
    Trace,

    /// <summary>The audit records when they can be had right now, otherwise strace inside the domain.</summary>
    Cheapest,
}
