namespace Sandboxer.Platforms.Linux.Landlock;

/// <summary>
/// A <c>LANDLOCK_RULE_PATH_BENEATH</c> rule: <see cref="Access"/> on the inode at <see cref="Path"/> and, for a
/// directory, everything beneath it. <see cref="Path"/> is resolved (no symlinks) and was a
/// <see cref="IsDirectory">directory</see> or a file when the plan was compiled; the launcher refuses to apply the
/// rule when that changed (a swapped-in symlink or directory would otherwise widen it).
/// </summary>
/// <param name="Path">Absolute resolved path; bytes that are not UTF-8 are kept as U+DC80–U+DCFF (<c>PathBytes</c>).</param>
/// <param name="Access">Rights granted on it; only file rights for a file.</param>
/// <param name="IsDirectory">Whether the path was a directory at compile time.</param>
/// <param name="RuleIndexes">The profile rules (by <c>Rule.Index</c>) whose allows the grant rests on, for explanations.</param>
internal sealed record LandlockPathRule(string Path, LandlockFsAccess Access, bool IsDirectory, Sandboxer.Collections.EquatableArray<int> RuleIndexes);
