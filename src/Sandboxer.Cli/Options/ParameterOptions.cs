using System.CommandLine;
using System.CommandLine.Parsing;

namespace Sandboxer.Cli.Options;

/// <summary>The <c>-D KEY=VALUE</c> option every profile-evaluating command takes, like <c>sandbox-exec -D</c>.</summary>
internal static class ParameterOptions
{
    public static Option<string[]> CreateDefine()
    {
        var option = new Option<string[]>("--define", "-D")
        {
            Description = "Set a profile parameter read by (param \"KEY\"), as KEY=VALUE. Repeatable.",
            HelpName = "KEY=VALUE",
            AllowMultipleArgumentsPerToken = false,
            Arity = ArgumentArity.ZeroOrMore,
        };
        option.Validators.Add(Validate);
        return option;
    }

    /// <summary>The parameters as a dictionary; a later definition of the same key wins.</summary>
    public static IReadOnlyDictionary<string, string> Read(ParseResult parseResult, Option<string[]> option)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var definition in parseResult.GetValue(option) ?? [])
        {
            var equals = definition.IndexOf('=', StringComparison.Ordinal);
            result[definition[..equals]] = definition[(equals + 1)..];
        }

        return result;
    }

    private static void Validate(OptionResult result)
    {
        foreach (var token in result.Tokens)
        {
            var equals = token.Value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                result.AddError($"-D expects KEY=VALUE, got '{token.Value}'");
            }
        }
    }
}
