using Sandboxer.Collections;

namespace Sandboxer.Platforms.MacOS.Driver;

/// <summary>
/// One <c>sandbox-exec</c> invocation: <c>/usr/bin/sandbox-exec -f PROFILE [-D KEY=VALUE]… -- COMMAND [ARGS…]</c>.
/// Always the absolute path (no PATH lookup that a planted <c>sandbox-exec</c> could hijack); <c>--</c> ends the
/// options so a command starting with <c>-</c> is never read as one.
/// </summary>
/// <param name="ProfilePath">The one profile file (several user files are concatenated into it).</param>
/// <param name="Parameters">Every parameter, in the order given.</param>
/// <param name="Command">The target's argv.</param>
internal sealed record SandboxExecCommand(string ProfilePath, EquatableArray<KeyValuePair<string, string>> Parameters, EquatableArray<string> Command)
{
    public const string Executable = "/usr/bin/sandbox-exec";

    public EquatableArray<string> ToArgv()
    {
        if (Command.IsEmpty)
        {
            throw new InvalidOperationException("sandbox-exec needs a command to run");
        }

        var argv = new List<string>(4 + (2 * Parameters.Count) + Command.Count) { Executable, "-f", ProfilePath };
        foreach (var (key, value) in Parameters)
        {
            argv.Add("-D");
            argv.Add(key + "=" + value);
        }

        argv.Add("--");
        argv.AddRange(Command);
        return [.. argv];
    }
}
