using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Modes.Split;

/// <summary>
/// Whether swapping two rules could change a decision (docs/sbpl-language.md §2e): they must be able to decide
/// the same access — related operations (one on the other's fallback chain; deliberately wider than the engine's
/// per-operation lists, so the proof does not rest on the fallback model alone), both filtered with filters that may
/// overlap (last match wins) or both unfiltered (the last unfiltered rule wins) — and decide it differently: another
/// action, or other modifiers (which rule matches decides what is reported). A filtered and an unfiltered rule never
/// race.
/// </summary>
internal static class RuleConflicts
{
    public static bool CanSwapChangeDecision(Rule a, Rule b)
    {
        if (a.Action == b.Action && a.Modifiers.Equals(b.Modifiers))
        {
            return false;
        }

        if ((a.Filter is null) != (b.Filter is null))
        {
            return false;
        }

        if (!a.Operations.Any(x => b.Operations.Any(y => OperationsRelated(x, y))))
        {
            return false;
        }

        return a.Filter is null || FilterOverlap.MayOverlap(a.Filter, b.Filter!);
    }

    private static bool OperationsRelated(string x, string y) =>
        OperationCatalog.IsCoveredBy(x, y) || OperationCatalog.IsCoveredBy(y, x);
}
