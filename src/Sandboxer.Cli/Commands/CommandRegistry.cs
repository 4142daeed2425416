using System.CommandLine;

namespace Sandboxer.Cli.Commands;

/// <summary>Every subcommand of the tool, in the order <c>--help</c> lists them.</summary>
internal static class CommandRegistry
{
    public static IEnumerable<Command> Create()
    {
        yield return FmtCommand.Create();
        yield return ImportLogCommand.Create();
        yield return WrapperCommand.Create();
    }
}
