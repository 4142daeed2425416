using System.CommandLine;
using System.Globalization;

namespace Sandboxer.Cli.Options;

/// <summary>Reads durations written as <c>500ms</c>, <c>30s</c>, <c>2m</c>, <c>1h</c> or a plain number of seconds.</summary>
internal static class DurationParser
{
    /// <summary>Rejects a value of <paramref name="option"/> that is not a duration, naming the option and the value.</summary>
    public static void AddValidator(Option<string?> option)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && !TryParse(r.Tokens[0].Value, out _))
            {
                r.AddError($"{r.Option.Name} expects a duration such as 500ms, 30s or 2m, got '{r.Tokens[0].Value}'");
            }
        });
    }

    /// <summary>The value of <paramref name="option"/> as a duration; null when absent (validated values always parse).</summary>
    public static TimeSpan? Read(ParseResult parseResult, Option<string?> option)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        return parseResult.GetValue(option) is { } text && TryParse(text, out var value) ? value : null;
    }

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : text.EndsWith('h') ? (text[..^1], 3600.0)
            : (text, 1.0);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || double.IsNaN(value) || value * unit > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(value * unit);
        return true;
    }
}
