using Microsoft.Win32.SafeHandles;

namespace Sandboxer.Platforms.Processes;

/// <summary>Standard streams for the target; a null member means "inherit the tool's own".</summary>
internal sealed record TargetStdio(SafeFileHandle? Input = null, SafeFileHandle? Output = null, SafeFileHandle? Error = null)
{
    public static TargetStdio Inherit { get; } = new();
}
