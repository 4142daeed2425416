using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Sbpl.Engine;

/// <summary>
/// A filtered rule as seen from one level of a compiled operation chain. <see cref="Rank"/> orders candidates: a lower
/// rank wins (nearer level first, then the textually later rule). <see cref="Decision"/> is the certain decision it
/// gives, built once so that deciding allocates nothing.
/// </summary>
internal sealed class RuleEntry(int rank, int level, Rule rule, Decision decision)
{
    public int Rank { get; } = rank;

    public int Level { get; } = level;

    public Rule Rule { get; } = rule;

    public Decision Decision { get; } = decision;
}
