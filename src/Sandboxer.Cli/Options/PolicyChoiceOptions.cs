using System.CommandLine;
using Sandboxer.Analysis;
using Sandboxer.Platforms;
using Sandboxer.Synthesis;

namespace Sandboxer.Cli.Options;

/// <summary>The <c>--network</c>, <c>--platform</c> and <c>--mode</c> options shared by <c>synthesize</c> and <c>profile</c>.</summary>
internal sealed class PolicyChoiceOptions
{
    public Option<string> Network { get; } = new("--network")
    {
        Description = "What network access the profile may grant: none, localhost (loopback only), observed (what the program did), any.",
        DefaultValueFactory = _ => "observed",
        HelpName = "none|localhost|observed|any",
    };

    public Option<string> Platform { get; } = new("--platform")
    {
        Description = "The platform the profile is for: auto (this machine), macos or linux.",
        DefaultValueFactory = _ => "auto",
        HelpName = "auto|macos|linux",
    };

    public Option<string?> Mode { get; } = new("--mode")
    {
        Description = "The mode (subcommand) this profile is for, recorded in its header; see `sandboxer wrapper`.",
        HelpName = "NAME",
    };

    public PolicyChoiceOptions()
    {
        Network.AcceptOnlyFromAmong("none", "localhost", "observed", "any");
        Platform.AcceptOnlyFromAmong("auto", "macos", "linux");
        Mode.Validators.Add(result =>
        {
            var value = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (value is not null && (value.Length == 0 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            {
                result.AddError($"--mode must be letters, digits, '-', '_' or '.', got '{value}'");
            }
        });
    }

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Network);
        command.Options.Add(Platform);
        command.Options.Add(Mode);
    }

    public NetworkMode ReadNetwork(ParseResult parseResult) => parseResult.GetValue(Network) switch
    {
        "none" => NetworkMode.None,
        "localhost" => NetworkMode.Localhost,
        "any" => NetworkMode.Any,
        _ => NetworkMode.Observed,
    };

    /// <summary>The target platform; <c>auto</c> is the machine the tool runs on.</summary>
    public TargetPlatform ReadPlatform(ParseResult parseResult) => ReadPlatform(parseResult, HostSystem.Current);

    /// <summary>The target platform; <c>auto</c> is <paramref name="host"/>'s (Linux unless it is macOS).</summary>
    public TargetPlatform ReadPlatform(ParseResult parseResult, HostSystem host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return parseResult.GetValue(Platform) switch
        {
            "macos" => TargetPlatform.MacOS,
            "linux" => TargetPlatform.Linux,
            _ => host.IsMacOS ? TargetPlatform.MacOS : TargetPlatform.Linux,
        };
    }

    public string? ReadMode(ParseResult parseResult) => parseResult.GetValue(Mode);
}
