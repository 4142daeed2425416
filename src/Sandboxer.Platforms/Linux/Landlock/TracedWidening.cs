namespace Sandboxer.Platforms.Linux.Landlock;

/// <summary>
/// Asks the compiler to grant, for a run that is traced inside its domain, the rights Landlock can only give per
/// directory (creating, removing and moving entries, listing a directory, writing a file that does not exist yet) on
/// the directory itself, where the profile allows them only for some of its entries. The compiled plan is then looser
/// than the profile in exactly those places, so such a plan is only used when every access that the widened rules let
/// through is checked against the profile by the engine (<see cref="LandlockPlan.Widenings"/>): the profiling loop's
/// enforced runs, never <c>sandboxer run</c>. Directories that are, hold or lie in a sensitive location (judged with
/// <see cref="Home"/>) and <c>/</c> are never widened.
/// </summary>
/// <param name="Home">The HOME the target runs with, for the sensitive-location catalogue.</param>
internal sealed record TracedWidening(string Home);
