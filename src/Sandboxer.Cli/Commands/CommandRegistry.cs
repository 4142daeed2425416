using System.CommandLine;

namespace Sandboxer.Cli.Commands;

/// <summary>Every subcommand of the tool, in the order <c>--help</c> lists them (docs/cli.md order).</summary>
internal static class CommandRegistry
{
    public static IEnumerable<Command> Create()
    {
        yield return ProfileCommand.Create();
        yield return RunCommand.Create();
        yield return TraceCommand.Create();
        yield return SynthesizeCommand.Create();
        yield return ReplayCommand.Create();
        yield return CheckCommand.Create();
        yield return FmtCommand.Create();
        yield return ExplainCommand.Create();
        yield return ProbeCommand.Create();
        yield return WrapperCommand.Create();
        yield return DiffCommand.Create();
        yield return DemoCommand.Create();
        yield return ImportLogCommand.Create();
    }
}
