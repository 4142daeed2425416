using System.CommandLine;
using Sandboxer.Cli.Commands;
using Sandboxer.Platforms;

namespace Sandboxer.Cli;

/// <summary>Builds the command tree and runs it with the exit-code conventions of docs/cli.md.</summary>
internal static class SandboxerApp
{
    public static RootCommand BuildRoot() => BuildRoot(HostSystem.Current);

    /// <summary>The command tree for <paramref name="host"/>: the machine whose operating system picks the backends.</summary>
    public static RootCommand BuildRoot(HostSystem host)
    {
        var root = new RootCommand(
            "Sandboxer: profile a program, generate the smallest macOS Seatbelt (SBPL) profile it needs, "
            + "and prove it works and still blocks secrets.");
        foreach (var command in CommandRegistry.Create(host))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default) =>
        RunAsync(args, output, error, HostSystem.Current, cancellationToken);

    /// <summary>Runs the tool as on <paramref name="host"/> (tests: a scripted Mac).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, HostSystem host, CancellationToken cancellationToken = default)
    {
        var root = BuildRoot(host);
        var parseResult = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parseResult.Errors.Count > 0)
        {
            foreach (var parseError in parseResult.Errors)
            {
                await error.WriteLineAsync("sandboxer: " + parseError.Message).ConfigureAwait(false);
            }

            await error.WriteLineAsync("Run 'sandboxer --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        // Ctrl-C/SIGTERM cancel the command's token; commands that run a program then stop its whole process tree
        // and still write what they observed, which can take longer than System.CommandLine's default 2 s on a
        // loaded machine. After this timeout the tool exits 130 (143) regardless.
        var configuration = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = TimeSpan.FromSeconds(15) };
        return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }
}
