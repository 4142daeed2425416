using System.CommandLine;
using Sandboxer.Cli.Demo;
using Sandboxer.Cli.Profiling;
using Sandboxer.Platforms;

namespace Sandboxer.Cli.Commands;

/// <summary>
/// <c>sandboxer demo</c>: profiles a small bundled program end to end — a POSIX-sh "bundler" that reads sources,
/// builds in TMPDIR and writes dist/ — then prints the profile and the summary. The first thing a new user runs.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(HostSystem host)
    {
        var options = new ProfileOptionSet();
        var keep = new Option<bool>("--keep") { Description = "Keep the demo project (and its profile) instead of removing it afterwards." };
        var command = new Command("demo", "Profile a small bundled program end to end and print the result.");
        options.AddTo(command, includeOutputChoices: false);
        command.Options.Add(keep);
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, options, parseResult.GetValue(keep), host, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(ParseResult parseResult, ProfileOptionSet options, bool keep, HostSystem host, CancellationToken cancellationToken)
    {
        var stderr = parseResult.InvocationConfiguration.Error;
        var workspace = DemoWorkspace.Create();
        try
        {
            stderr.WriteLine("sandboxer: demo project in " + workspace.Root + ": " + string.Join(' ', DemoWorkspace.Command));
            var output = Path.Combine(workspace.Root, "bundle.sb");
            return await ProfileSession.RunAsync(parseResult, options, DemoWorkspace.Command, workspace.Root, output, force: false, printProfile: true, host, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (keep)
            {
                stderr.WriteLine("sandboxer: kept the demo project in " + workspace.Root);
            }
            else
            {
                workspace.Dispose();
            }
        }
    }
}
