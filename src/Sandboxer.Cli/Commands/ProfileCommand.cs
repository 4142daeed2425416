using System.CommandLine;
using Sandboxer.Cli.Options;
using Sandboxer.Cli.Profiling;
using Sandboxer.Platforms;

namespace Sandboxer.Cli.Commands;

/// <summary>
/// <c>sandboxer profile [options] -- COMMAND [ARGS…]</c>: observe the command, synthesize a minimal profile, enforce it,
/// refine until the command works, run the negative probes, write the profile. With no command it profiles the
/// built-in demo. Exit 0 when verified, 1 when not, 2 for usage errors, 3 when the platform cannot profile, 130 on Ctrl-C.
/// </summary>
internal static class ProfileCommand
{
    public static Command Create(HostSystem host)
    {
        var options = new ProfileOptionSet();
        var program = new Argument<string[]>("command")
        {
            Description = "The program and its arguments (after --). Without one, the built-in demo is profiled.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("profile", "Observe a program, generate the smallest profile it needs, prove it works and still blocks secrets.");
        options.AddTo(command);
        command.Arguments.Add(program);
        command.SetAction((parseResult, cancellationToken) =>
        {
            var arguments = parseResult.GetValue(program) ?? [];
            if (arguments.Length == 0)
            {
                return DemoCommand.RunAsync(parseResult, options, keep: false, host, cancellationToken);
            }

            var stderr = parseResult.InvocationConfiguration.Error;
            var workingDirectory = parseResult.GetValue(options.WorkingDirectory) is { } w ? Path.GetFullPath(w) : Environment.CurrentDirectory;
            if (!Directory.Exists(workingDirectory))
            {
                stderr.WriteLine($"sandboxer: {workingDirectory}: no such directory");
                return Task.FromResult(ExitCodes.Usage);
            }

            var mode = options.Choices.ReadMode(parseResult);
            var defaultName = (mode ?? Path.GetFileName(arguments[0].TrimEnd('/'))) + ".sb";
            var output = Path.GetFullPath(parseResult.GetValue(options.Output) ?? defaultName);
            return ProfileSession.RunAsync(parseResult, options, arguments, workingDirectory, output, parseResult.GetValue(options.Force), printProfile: false, host, cancellationToken);
        });
        return command;
    }
}
