namespace Sandboxer.Platforms.Probes;

/// <summary>
/// One negative probe: what was tried (<see cref="Id"/>, <see cref="Description"/>, <see cref="Target"/>), whether
/// it was blocked or leaked, and the evidence: the errno the attempt got, what the kernel's Landlock log recorded, and
/// the profile rule (or default) that decides the access.
/// </summary>
/// <param name="Id">Stable identifier, e.g. <c>read-ssh</c>, <c>append-shell-bashrc</c>, <c>connect-loopback</c>.</param>
/// <param name="Category">Group: <c>secrets</c>, <c>shell-startup</c>, <c>persistence</c>, <c>filesystem</c>, <c>exec</c>, <c>network</c>.</param>
/// <param name="Description">What the probe tries, in words.</param>
/// <param name="Target">The path or address it tries.</param>
/// <param name="Outcome">Blocked or leaked.</param>
/// <param name="Evidence">How the outcome was established (errno, audit record, ground truth such as a changed file).</param>
/// <param name="Errno">The error the attempt got (<c>EACCES</c>, …), when it failed.</param>
/// <param name="Rule">The deciding rule as <c>file:line:col (rule)</c>, or the default that applied.</param>
/// <param name="Helper">The program that made the attempt inside the sandbox.</param>
public sealed record ProbeResult(
    string Id,
    string Category,
    string Description,
    string Target,
    ProbeOutcome Outcome,
    string Evidence,
    string? Errno,
    string? Rule,
    string? Helper)
{
    public bool IsLeak => Outcome == ProbeOutcome.Leaked;
}
