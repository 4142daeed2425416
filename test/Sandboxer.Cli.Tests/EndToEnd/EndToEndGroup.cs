namespace Sandboxer.Cli.Tests.EndToEnd;

/// <summary>
/// End-to-end runs of real programs under real tracing and Landlock take seconds each and share the machine's single
/// audit listener: they run one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndGroup
{
    public const string Name = "End to end on real programs";
}
