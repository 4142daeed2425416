namespace Sandboxer.Analysis.Diff;

/// <summary>Which of the two compared profiles allows the access.</summary>
public enum DiffSide
{
    A,
    B,
}
