using System.CommandLine;
using Sandboxer.Cli.Options;
using Sandboxer.Platforms.MacOS;
using Sandboxer.Platforms.MacOS.Driver;
using Sandboxer.Platforms.Probes;
using Sandboxer.Platforms.Probes.MacOS;
using Sandboxer.Platforms.Profiling;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Cli.Commands.MacOS;

/// <summary>
/// The macOS side of <c>sandboxer probe</c>: <see cref="MacNegativeProbes"/> under <c>/usr/bin/sandbox-exec</c>, printed
/// as on Linux. Exit 1 when anything leaked, 2 for profile errors (ours or sandbox-exec's), 3 when sandboxing is
/// impossible here, 130 when interrupted.
/// </summary>
internal static class MacProbeCommand
{
    public static async Task<int> RunAsync(ParseResult parseResult, ProfileFileOptions profileOptions, bool json, MacOSMachine machine, CancellationToken cancellationToken)
    {
        var stderr = parseResult.InvocationConfiguration.Error;
        var parameters = profileOptions.Parameters(parseResult);
        if (profileOptions.Load(parseResult, parameters, stderr) is null)
        {
            return ExitCodes.Usage;
        }

        if (!machine.FileExists(SandboxExecCommand.Executable))
        {
            await stderr.WriteLineAsync($"sandboxer: cannot run the probes: {SandboxExecCommand.Executable} does not exist").ConfigureAwait(false);
            return ExitCodes.Unsupported;
        }

        var sources = profileOptions.Paths(parseResult).Select(SourceText.FromFile).ToList();
        var prober = new MacNegativeProbes(machine.Platform(null), machine.Resolver, machine.Collector);
        ProbeReport report;
        try
        {
            report = await prober.RunAsync(sources, parameters, profileOptions.LoadOptions(parseResult), cancellationToken).ConfigureAwait(false);
        }
        catch (ProfileRejectedException exception)
        {
            await stderr.WriteLineAsync("sandboxer: " + exception.Message).ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (PlatformUnavailableException exception)
        {
            await stderr.WriteLineAsync("sandboxer: " + exception.Message + (exception.Remedy is { } remedy ? "\n  to fix: " + remedy : string.Empty)).ConfigureAwait(false);
            return ExitCodes.Unsupported;
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Interrupted;
        }

        return ProbeCommand.Render(parseResult, report, json);
    }
}
