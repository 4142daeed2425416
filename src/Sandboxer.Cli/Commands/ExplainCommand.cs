using System.CommandLine;
using System.Globalization;
using Sandboxer.Analysis;
using Sandboxer.Cli.Options;
using Sandboxer.Cli.Profiles;
using Sandboxer.Cli.Rendering;
using Sandboxer.Events;
using Sandboxer.Sbpl.Engine;

namespace Sandboxer.Cli.Commands;

/// <summary>
/// <c>sandboxer explain PROFILE... --op OPERATION [--path P | --local PROTO:HOST:PORT | --remote PROTO:HOST:PORT |
/// --name NAME] [-D K=V]... [--json]</c>: decides one access and says why — the deciding rule with its location, or
/// the default that applied — and what could change an undecidable decision.
/// </summary>
internal static class ExplainCommand
{
    public static Command Create()
    {
        var profiles = new Argument<string[]>("PROFILE") { Description = "Profile files, evaluated in order as one profile.", Arity = ArgumentArity.OneOrMore };
        var operation = new Option<string>("--op") { Description = "The operation, e.g. file-read-data, network-outbound, mach-lookup.", Required = true, HelpName = "OPERATION" };
        var path = new Option<string?>("--path") { Description = "The resolved path (files, executables, unix sockets).", HelpName = "P" };
        var local = new Option<string?>("--local") { Description = "The local address, PROTO:HOST:PORT (tcp|udp|ip; an address or localhost).", HelpName = "PROTO:HOST:PORT" };
        var remote = new Option<string?>("--remote") { Description = "The remote address, PROTO:HOST:PORT.", HelpName = "PROTO:HOST:PORT" };
        var name = new Option<string?>("--name") { Description = "The mach, IPC, sysctl, preference or IOKit name.", HelpName = "NAME" };
        var define = ParameterOptions.CreateDefine();
        var json = new Option<bool>("--json") { Description = "Print one JSON object (docs/cli.md)." };
        var searchPath = ProfileInput.CreateSearchPath();
        var command = new Command("explain", "Decide one access against a profile and say which rule or default decided it.")
        {
            profiles, operation, path, local, remote, name, define, json, searchPath,
        };
        command.Validators.Add(result =>
        {
            var given = new Option[] { path, local, remote, name }.Where(o => result.GetResult(o) is not null).ToList();
            if (given.Count > 1)
            {
                result.AddError($"give at most one target: {string.Join(", ", given.Select(o => o.Name))}");
            }

            foreach (var endpoint in new[] { local, remote })
            {
                if (result.GetValue(endpoint) is { } text && !TryParseEndpoint(text, out _, out var error))
                {
                    result.AddError($"{endpoint.Name} {text}: {error}");
                }
            }
        });
        command.SetAction(parseResult =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            if (ProfileInput.LoadValid(parseResult, parseResult.GetRequiredValue(profiles), define, searchPath, stderr) is not { } loaded)
            {
                return ExitCodes.Usage;
            }

            var request = new AccessRequest(parseResult.GetRequiredValue(operation))
            {
                Path = parseResult.GetValue(path),
                Local = Endpoint(parseResult.GetValue(local)),
                Remote = Endpoint(parseResult.GetValue(remote)),
                Name = parseResult.GetValue(name),
            };
            var explanation = new Explanation(request, PolicyEngine.Compile(loaded.Profile).Decide(request));
            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(stdout, writer => DecisionJson.WriteExplanation(writer, explanation));
            }
            else
            {
                foreach (var line in explanation.TextLines())
                {
                    stdout.WriteLine(line);
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static NetworkEndpoint? Endpoint(string? text) => text is not null && TryParseEndpoint(text, out var endpoint, out _) ? endpoint : null;

    /// <summary>Parses <c>PROTO:HOST:PORT</c>; an IPv6 host is written in brackets (<c>tcp:[::1]:80</c>).</summary>
    internal static bool TryParseEndpoint(string text, out NetworkEndpoint? endpoint, out string error)
    {
        endpoint = null;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var portColon = text.LastIndexOf(':');
        if (colon <= 0 || portColon <= colon)
        {
            error = "expected PROTO:HOST:PORT";
            return false;
        }

        var protocol = text[..colon].ToLowerInvariant();
        if (protocol is not ("tcp" or "udp" or "ip"))
        {
            error = $"protocol must be tcp, udp or ip, got '{text[..colon]}'";
            return false;
        }

        var host = text[(colon + 1)..portColon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        if (host.Length == 0 || (host != "localhost" && !System.Net.IPAddress.TryParse(host, out _)))
        {
            error = $"host must be an IP address or localhost, got '{host}'";
            return false;
        }

        if (!int.TryParse(text[(portColon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            error = $"port must be a number from 0 to 65535, got '{text[(portColon + 1)..]}'";
            return false;
        }

        endpoint = new NetworkEndpoint(protocol, host, port);
        error = string.Empty;
        return true;
    }
}
