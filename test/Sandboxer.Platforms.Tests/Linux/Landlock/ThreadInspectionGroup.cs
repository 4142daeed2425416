namespace Sandboxer.Platforms.Tests.Linux.Landlock;

/// <summary>
/// Tests that inspect every thread of the test process for Landlock restrictions run alone: a confined launch in a
/// concurrently running test restricts its own short-lived launcher thread, which such a check would otherwise see.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ThreadInspectionGroup
{
    public const string Name = "Whole-process thread inspection";
}
