using System.CommandLine;
using System.Text;
using Sandboxer.Cli.IO;
using Sandboxer.Cli.Options;
using Sandboxer.Cli.Rendering;
using Sandboxer.Platforms.Linux.Landlock;
using Sandboxer.Platforms.Linux.Landlock.Audit;
using Sandboxer.Platforms.Linux.Namespaces;
using Sandboxer.Platforms.Processes;

namespace Sandboxer.Cli.Commands;

/// <summary>
/// <c>sandboxer run -f PROFILE [-f MORE…] [-D K=V]… [--denials FILE] [--sbpl-path DIR] -- COMMAND [ARGS…]</c>: runs
/// the command confined by the profile. On Linux the profile is compiled to Landlock (plus a loopback-only network
/// namespace when it allows no external destination); what is enforced stricter or not at all is listed once on
/// stderr. Standard streams pass through, the program's exit code is propagated (128 + signal), Ctrl-C reaches the
/// program and nothing it started is left running (exit 130). Exit 2 for profile errors, 3 without Landlock, 126 when
/// the sandbox does not let the command execute, 127 when it is not found.
/// </summary>
internal static class RunCommand
{
    public const int CannotExecute = 126;
    public const int NotFound = 127;

    public static Command Create()
    {
        var profile = new ProfileFileOptions();
        var denials = new Option<string?>("--denials")
        {
            Description = "Write what the sandbox denied to FILE as JSON Lines (events with \"result\":\"denied\" and the deciding rule). Needs root on Linux (kernel audit log).",
            HelpName = "FILE",
        };
        var commandLine = new Argument<string[]>("command")
        {
            Description = "The program and its arguments (after --).",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("run", "Run a command confined by a profile (Linux: Landlock plus a network namespace).");
        profile.AddTo(command);
        command.Options.Add(denials);
        command.Arguments.Add(commandLine);
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult, profile, parseResult.GetValue(denials), parseResult.GetRequiredValue(commandLine), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, ProfileFileOptions profileOptions, string? denialsPath, string[] commandLine, CancellationToken cancellationToken)
    {
        var stderr = parseResult.InvocationConfiguration.Error;
        if (OperatingSystem.IsMacOS())
        {
            return await MacOS.MacRunCommand.RunAsync(parseResult, profileOptions, denialsPath, commandLine, cancellationToken).ConfigureAwait(false);
        }

        if (!OperatingSystem.IsLinux())
        {
            await stderr.WriteLineAsync("sandboxer: run enforces profiles with sandbox-exec on macOS and Landlock on Linux; this platform is not supported").ConfigureAwait(false);
            return ExitCodes.Unsupported;
        }

        var loaded = profileOptions.Load(parseResult, profileOptions.Parameters(parseResult), stderr);
        if (loaded is null)
        {
            return ExitCodes.Usage;
        }

        var support = LandlockSupport.Host;
        if (!support.IsAvailable)
        {
            await stderr.WriteLineAsync("sandboxer: cannot enforce the profile: " + support.UnavailableReason).ConfigureAwait(false);
            return ExitCodes.Unsupported;
        }

        var plan = LandlockPlanCompiler.Compile(loaded.Profile, support);
        DiagnosticPrinter.PrintAll(stderr, loaded.Diagnostics.Concat(plan.Diagnostics), loaded.FindSource);

        NetworkNamespace? network = null;
        LoopbackRelay? relay = null;
        AuditDenialSession? audit = null;
        try
        {
            if (plan.Network.LoopbackOnly)
            {
                network = NetworkNamespace.Create();
                relay = plan.Network.HostLoopbackPorts.IsEmpty ? null : LoopbackRelay.Start(network, plan.Network.HostLoopbackPorts);
            }

            var launchOptions = new LaunchOptions { NetworkNamespaceFd = network?.Fd ?? -1, LogDenials = denialsPath is not null };
            if (denialsPath is not null)
            {
                audit = AuditDenialSession.TryStart(launchOptions.EnforcingThreadName, out var unavailable);
                if (audit is null)
                {
                    await stderr.WriteLineAsync("sandboxer: warning: denials cannot be collected: " + unavailable).ConfigureAwait(false);
                }
            }

            var spawner = new ConfinedTargetSpawner(plan, launchOptions);
            var launch = new TargetLaunch
            {
                Arguments = commandLine,
                WorkingDirectory = Environment.CurrentDirectory,
                Spawner = spawner.Spawn,
            };

            TargetOutcome outcome;
            try
            {
                using var target = TargetRunner.Start(launch);
                outcome = await target.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (TargetStartException exception)
            {
                await stderr.WriteLineAsync("sandboxer: " + exception.Message).ConfigureAwait(false);
                var deniedBySandbox = exception.InnerException is SpawnFailedException { DeniedBySandbox: true };
                var unsupported = exception.InnerException is LandlockUnavailableException;
                await WriteDenialsAsync(audit, loaded.Profile, denialsPath, stderr, cancellationToken).ConfigureAwait(false);
                return unsupported ? ExitCodes.Unsupported
                    : deniedBySandbox || exception.Message.Contains("Permission denied", StringComparison.Ordinal) ? CannotExecute
                    : NotFound;
            }

            await WriteDenialsAsync(audit, loaded.Profile, denialsPath, stderr, CancellationToken.None).ConfigureAwait(false);
            return outcome.Interrupted ? ExitCodes.Interrupted : outcome.ExitCode;
        }
        catch (InvalidOperationException exception) when (network is null && plan.Network.LoopbackOnly)
        {
            await stderr.WriteLineAsync("sandboxer: cannot create the loopback-only network namespace: " + exception.Message).ConfigureAwait(false);
            return ExitCodes.Unsupported;
        }
        finally
        {
            audit?.Dispose();
            if (relay is not null)
            {
                await relay.DisposeAsync().ConfigureAwait(false);
            }

            network?.Dispose();
        }
    }

    private static async Task WriteDenialsAsync(AuditDenialSession? audit, Sandboxer.Sbpl.Policy.Profile profile, string? path, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (path is null)
        {
            return;
        }

        var denials = audit is null ? [] : await audit.CollectAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        var explainer = new DenialExplainer(profile);
        var lines = new StringBuilder();
        var shown = new HashSet<string>(StringComparer.Ordinal);
        foreach (var denial in denials)
        {
            var explained = explainer.Explain(denial);
            lines.Append(DenialJson.Serialize(explained, denial.Blocker)).Append('\n');
            if (shown.Add(explained.Explanation))
            {
                await stderr.WriteLineAsync("sandboxer: denied " + explained.Explanation).ConfigureAwait(false);
            }
        }

        AtomicFile.WriteAllText(path, lines.ToString(), overwrite: true);
    }
}
