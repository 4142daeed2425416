using System.CommandLine;
using Sandboxer.Platforms;

namespace Sandboxer.Cli.Commands;

/// <summary>
/// Every subcommand of the tool, in the order <c>--help</c> lists them (docs/cli.md order). Those that run programs
/// get the <paramref name="host"/> whose operating system picks their backend.
/// </summary>
internal static class CommandRegistry
{
    public static IEnumerable<Command> Create(HostSystem host)
    {
        yield return ProfileCommand.Create(host);
        yield return RunCommand.Create(host);
        yield return TraceCommand.Create();
        yield return SynthesizeCommand.Create();
        yield return ReplayCommand.Create();
        yield return CheckCommand.Create();
        yield return FmtCommand.Create();
        yield return ExplainCommand.Create();
        yield return ProbeCommand.Create(host);
        yield return WrapperCommand.Create();
        yield return DiffCommand.Create();
        yield return DemoCommand.Create(host);
        yield return ImportLogCommand.Create();
    }
}
