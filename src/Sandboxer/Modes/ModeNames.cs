using System.Text.RegularExpressions;

namespace Sandboxer.Modes;

/// <summary>
/// What a mode name and a value-taking option may look like. Both are written into <c>case</c> patterns of the
/// generated script, so only characters that are literal there are accepted: letters, digits and <c>_ . + : @ -</c>
/// (no glob characters, quotes, spaces or parentheses). A mode name starts with a letter, digit or <c>_</c>; an
/// option starts with <c>-</c> or <c>--</c>.
/// </summary>
public static partial class ModeNames
{
    public const string Rule = "letters, digits and _ . + : @ -, starting with a letter, digit or _";

    public const string OptionRule = "- or -- followed by letters, digits and _ . -";

    public static bool IsValid(string name) => name is not null && ModeName().IsMatch(name);

    public static bool IsValidOption(string option) => option is not null && OptionName().IsMatch(option);

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.+:@-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ModeName();

    [GeneratedRegex(@"^--?[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex OptionName();
}
