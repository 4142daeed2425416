using System.Globalization;

namespace Sandboxer.Modes;

/// <summary>The argument at <see cref="Position"/> (1-based, counting every argument, options included) is the mode.</summary>
public sealed record PositionMatch(int Position) : ModeMatch
{
    public override string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"argument {Position}, counting every argument from 1");
}
