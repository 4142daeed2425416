namespace Sandboxer.Platforms.Profiling;

/// <summary>Why the profiling loop runs the target under its profile; the backend picks how to see denials accordingly.</summary>
internal enum EnforcementPurpose
{
    /// <summary>An enforce run of the refine loop: the denials are learned from, so they must be exact (Linux: strace inside the sandbox).</summary>
    Learn,

    /// <summary>A verify run: only whether anything is denied matters, so the cheapest source will do (Linux: the kernel's audit records as root).</summary>
    Verify,
}
