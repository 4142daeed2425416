namespace Sandboxer.Platforms.Linux.Landlock.Audit;

/// <summary>Why an access was refused, after cross-checking a Landlock denial with the profile.</summary>
internal enum DenialCause
{
    /// <summary>A rule of the profile denies it (or the profile's default does): the sandbox did what the profile says.</summary>
    Profile,

    /// <summary>The profile allows it, but Landlock could only be compiled stricter here (see the LL5xxx warnings).</summary>
    CompiledStricter,

    /// <summary>The profile allows it and Landlock did not refuse it: the error came from file permissions (DAC) or elsewhere.</summary>
    NotSandbox,
}
