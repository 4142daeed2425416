using System.Globalization;
using System.Net.Sockets;
using Sandboxer.Events;
using Sandboxer.Platforms.Probes;
using Sandboxer.Platforms.Tests.MacOS.Collector;

namespace Sandboxer.Platforms.Tests.MacOS.Probes;

/// <summary>
/// What the probe helpers (sh, bash, python3) do when the scripted Mac runs them under a profile: the scripted kernel
/// decides each access with the engine; allowed accesses really happen on this machine (the probe world is real
/// files, the loopback listener a real socket), denied ones fail with <c>Operation not permitted</c> and are
/// reported to the log, tagged.
/// </summary>
internal static class ScriptedProbeHelper
{
    public static ScriptedResponse Respond(ScriptedRun run)
    {
        var kernel = new ScriptedSeatbelt(run);
        var command = kernel.Command;
        var helper = command[0];
        var name = Path.GetFileName(helper);
        var exec = new AccessEvent { Operation = "process-exec", Path = helper };
        if (!kernel.Allows(exec))
        {
            return new ScriptedResponse(71, $"sandbox-exec: execvp() of '{helper}' failed: Operation not permitted\n", [kernel.Report("sandbox-exec", run.Pid, exec)]);
        }

        var python = command.Count > 1 && command[1] == "-I";
        var script = python ? command[4] : command[2];
        if (script is "exit 0" or "pass")
        {
            return ScriptedResponse.Exit(0);
        }

        var (action, target, extra) = Decode(python, script, command);
        var access = action switch
        {
            ProbeAction.Read => new AccessEvent { Operation = "file-read-data", Path = target },
            ProbeAction.Append => new AccessEvent { Operation = "file-write-data", Path = target },
            ProbeAction.Create => new AccessEvent { Operation = File.Exists(target) ? "file-write-data" : "file-write-create", Path = target },
            ProbeAction.Execute => new AccessEvent { Operation = "process-exec", Path = target },
            _ => new AccessEvent { Operation = "network-outbound", Remote = new NetworkEndpoint("tcp", target, int.Parse(extra!, CultureInfo.InvariantCulture)) },
        };
        if (!kernel.Allows(access))
        {
            var error = python ? "errno 1 Operation not permitted\n" : $"{name}: {target}: Operation not permitted\n";
            return new ScriptedResponse(1, error, [kernel.Report(name, run.Pid, access)]);
        }

        return action switch
        {
            ProbeAction.Read => File.Exists(target)
                ? new ScriptedResponse(0, string.Empty, [], Stdout: File.ReadAllText(target))
                : new ScriptedResponse(2, $"{name}: {target}: No such file or directory\n", []),
            ProbeAction.Append => Write(() => File.AppendAllText(target, "sandboxer-probe\n")),
            ProbeAction.Create => Write(() => File.WriteAllText(target, "sandboxer-probe\n")),
            ProbeAction.Execute => new ScriptedResponse(0, string.Empty, [], Stdout: extra + "\n"),
            _ => Connect(target, int.Parse(extra!, CultureInfo.InvariantCulture)),
        };
    }

    private static (ProbeAction Action, string Target, string? Extra) Decode(bool python, string script, IReadOnlyList<string> command)
    {
        var kind = python ? HelperKind.Python : HelperKind.Bash;
        var scriptIndex = python ? 4 : 2;
        var targetIndex = python ? 5 : 4;
        foreach (var action in Enum.GetValues<ProbeAction>())
        {
            if (new ProbeHelper("helper", "/helper", kind).Arguments(action, "target", "extra")[scriptIndex] == script)
            {
                return (action, command[targetIndex], command.Count > targetIndex + 1 ? command[targetIndex + 1] : null);
            }
        }

        throw new InvalidOperationException("not a probe helper's script: " + script);
    }

    private static ScriptedResponse Write(Action write)
    {
        write();
        return ScriptedResponse.Exit(0);
    }

    private static ScriptedResponse Connect(string host, int port)
    {
        using var client = new TcpClient(host, port);
        using var reader = new StreamReader(client.GetStream());
        return new ScriptedResponse(0, string.Empty, [], Stdout: reader.ReadLine() + "\n");
    }
}
