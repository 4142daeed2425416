namespace Sandboxer.Modes.Split;

/// <summary>A mode profile after the split.</summary>
/// <param name="Mode">The mode.</param>
/// <param name="Path">The profile file (absolute).</param>
/// <param name="Text">The new text: the original with the moved rules replaced by <c>(import "BASE")</c>.</param>
/// <param name="KeptRules">How many rules (one operation with one filter) stay in this profile.</param>
public sealed record SplitProfile(string Mode, string Path, string Text, int KeptRules);
