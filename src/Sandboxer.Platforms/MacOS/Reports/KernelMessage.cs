namespace Sandboxer.Platforms.MacOS.Reports;

/// <summary>The classification of one kernel log message; <see cref="Report"/> is set for <see cref="KernelMessageKind.Report"/>.</summary>
internal sealed record KernelMessage(KernelMessageKind Kind, SandboxReport? Report = null)
{
    public static KernelMessage Other { get; } = new(KernelMessageKind.Other);

    public static KernelMessage RateLimitNotice { get; } = new(KernelMessageKind.RateLimitNotice);
}
