namespace Sandboxer.Sbpl.Evaluation;

/// <summary>
/// Bounds on evaluating one profile, so that a hostile profile (an endless loop, deep recursion, strings doubled
/// until memory runs out) stops with a clear error instead of hanging or crashing the process.
/// Real profiles use well under 1% of each.
/// </summary>
public sealed record EvaluationLimits
{
    public static EvaluationLimits Default { get; } = new();

    /// <summary>Evaluation steps (each expression evaluated or procedure applied is one; builtins that copy
    /// strings or lists are charged for the size of their result).</summary>
    public long MaxSteps { get; init; } = 2_000_000;

    /// <summary>Nested, non-tail evaluations (recursion depth). Tail calls do not count.</summary>
    public int MaxDepth { get; init; } = 1_000;

    /// <summary>Rules the profile may emit.</summary>
    public int MaxRules { get; init; } = 100_000;

    /// <summary>Characters in any one string.</summary>
    public int MaxStringLength { get; init; } = 1_000_000;

    /// <summary>Filters nested inside <c>require-all</c>/<c>require-any</c>/<c>require-not</c> (real profiles: 3).</summary>
    public int MaxFilterDepth { get; init; } = 64;

    /// <summary>Nested imports.</summary>
    public int MaxImportDepth { get; init; } = 32;
}
