using System.CommandLine;
using Sandboxer.Cli.Options;
using Sandboxer.Platforms;
using Sandboxer.Platforms.Processes;

namespace Sandboxer.Cli.Commands;

/// <summary>
/// <c>sandboxer run -f PROFILE [-f MORE…] [-D K=V]… [--denials FILE] [--sbpl-path DIR] -- COMMAND [ARGS…]</c>: runs
/// the command confined by the profile. On macOS it runs under <c>/usr/bin/sandbox-exec</c>
/// (<see cref="MacOS.MacRunCommand"/>). On Linux the profile is compiled to Landlock (plus a loopback-only network
/// namespace when it allows no external destination); what is enforced stricter or not at all is listed once on
/// stderr. Standard streams pass through, the program's exit code is propagated (128 + signal), Ctrl-C reaches the
/// program and nothing it started is left running (exit 130). Exit 2 for profile errors, 3 without Landlock, 126 when
/// the sandbox does not let the command execute, 127 when it is not found. A long-running command (<c>--ready-port</c>,
/// <c>--exercise</c>, <c>--stop-after</c>) is stopped by the tool and exits as <see cref="LongRunningOutcome"/> says.
/// </summary>
internal static class RunCommand
{
    public const int CannotExecute = 126;
    public const int NotFound = 127;

    public static Command Create(HostSystem host)
    {
        var profile = new ProfileFileOptions();
        var denials = new Option<string?>("--denials")
        {
            Description = "Write what the sandbox denied to FILE as JSON Lines (events with \"result\":\"denied\" and the deciding rule). macOS: from the unified log. Linux: from the kernel audit log as root, otherwise from strace run inside the sandbox.",
            HelpName = "FILE",
        };
        var commandLine = new Argument<string[]>("command")
        {
            Description = "The program and its arguments (after --).",
            Arity = ArgumentArity.OneOrMore,
        };
        var longRunning = new LongRunningOptionSet();
        var command = new Command("run", "Run a command confined by a profile (macOS: sandbox-exec; Linux: Landlock plus a network namespace).");
        profile.AddTo(command);
        command.Options.Add(denials);
        longRunning.AddTo(command);
        command.Arguments.Add(commandLine);
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult, profile, parseResult.GetValue(denials), longRunning.Read(parseResult), parseResult.GetRequiredValue(commandLine), host, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        ParseResult parseResult, ProfileFileOptions profileOptions, string? denialsPath, LongRunningOptions? longRunning, string[] commandLine, HostSystem host, CancellationToken cancellationToken)
    {
        var stderr = parseResult.InvocationConfiguration.Error;
        if (host.IsMacOS)
        {
            return await MacOS.MacRunCommand.RunAsync(parseResult, profileOptions, denialsPath, longRunning, commandLine, host.Mac, cancellationToken).ConfigureAwait(false);
        }

        if (!host.IsLinux || !OperatingSystem.IsLinux())
        {
            await stderr.WriteLineAsync("sandboxer: run enforces profiles with sandbox-exec on macOS and Landlock on Linux; this platform is not supported").ConfigureAwait(false);
            return ExitCodes.Unsupported;
        }

        var loaded = profileOptions.Load(parseResult, profileOptions.Parameters(parseResult), stderr);
        if (loaded is null)
        {
            return ExitCodes.Usage;
        }

        return await LinuxRunCommand.RunAsync(parseResult, loaded, denialsPath, longRunning, commandLine, cancellationToken).ConfigureAwait(false);
    }
}
