using System.CommandLine;
using Sandboxer.Cli.IO;
using Sandboxer.Cli.Options;
using Sandboxer.Cli.Rendering;
using Sandboxer.Platforms.MacOS;
using Sandboxer.Platforms.MacOS.Driver;
using Sandboxer.Platforms.MacOS.Run;
using Sandboxer.Platforms.Processes;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Cli.Commands.MacOS;

/// <summary>
/// The macOS side of <c>sandboxer run</c>: evaluate the profile with the resolved HOME, WORKING_DIR and TMPDIR (errors
/// exit 2 before anything runs), then <see cref="MacRunSession"/> runs the command under <c>/usr/bin/sandbox-exec</c>;
/// this prints its messages and writes the <c>--denials</c> file.
/// </summary>
internal static class MacRunCommand
{
    public static async Task<int> RunAsync(
        ParseResult parseResult, ProfileFileOptions profileOptions, string? denialsPath, LongRunningOptions? longRunning, string[] commandLine, MacOSMachine machine, CancellationToken cancellationToken)
    {
        var stderr = parseResult.InvocationConfiguration.Error;
        var environment = SandboxEnvironment.FromCurrentProcess();
        var given = profileOptions.Parameters(parseResult);
        var resolved = SandboxParameters.Resolve(given, environment, machine.Resolver).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var loaded = profileOptions.Load(parseResult, resolved, stderr);
        if (loaded is null)
        {
            return ExitCodes.Usage;
        }

        DiagnosticPrinter.PrintAll(stderr, loaded.Diagnostics, loaded.FindSource);
        var sources = profileOptions.Paths(parseResult).Select(SourceText.FromFile).ToList();
        var session = new MacRunSession(machine.Platform(stderr), machine.Resolver, machine.FileExists, machine.Collector);
        var result = await session.RunAsync(sources, given, commandLine, environment, loaded.Profile, denialsPath is not null, cancellationToken, longRunning).ConfigureAwait(false);
        foreach (var message in result.Messages)
        {
            await stderr.WriteLineAsync("sandboxer: " + message).ConfigureAwait(false);
        }

        if (denialsPath is not null && result.DenialLines is { } lines)
        {
            AtomicFile.WriteAllText(denialsPath, string.Concat(lines.Select(l => l + "\n")), overwrite: true);
        }

        return result.ExitCode;
    }
}
