namespace Sandboxer.Platforms.Linux.Landlock;

/// <summary>Flags of <c>landlock_restrict_self</c> (ABI 7): which denials are written to the audit log.</summary>
[Flags]
internal enum LandlockRestrictFlags : uint
{
    None = 0,
    LogSameExecOff = 1U << 0,

    /// <summary>Also log denials after the next <c>execve</c>: needed when the restricting thread then spawns the target.</summary>
    LogNewExecOn = 1U << 1,
    LogSubdomainsOff = 1U << 2,
}
