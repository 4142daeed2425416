using Sandboxer.Collections;

namespace Sandboxer.Modes;

/// <summary>
/// The default rule: the mode is the first argument that is not an option. Arguments starting with <c>-</c> are
/// skipped (a lone <c>-</c> is not an option: it usually means stdin); so is the argument after each of
/// <see cref="ValueOptions"/>, the program's options that take their value as the next argument (<c>--config
/// FILE</c>; <c>--config=FILE</c> and <c>-cFILE</c> need nothing). After <c>--</c> the next argument is the mode,
/// whatever it looks like. No such argument: no mode.
/// </summary>
public sealed record FirstOperandMatch(EquatableArray<string> ValueOptions) : ModeMatch
{
    public static FirstOperandMatch Plain { get; } = new(EquatableArray<string>.Empty);

    public override string Describe()
    {
        var values = ValueOptions.IsEmpty ? string.Empty : ", and so is the value after " + string.Join(" or ", ValueOptions);
        return "the first argument that is not an option (arguments starting with - are skipped"
            + values + "; after --, the next argument, whatever it is)";
    }
}
