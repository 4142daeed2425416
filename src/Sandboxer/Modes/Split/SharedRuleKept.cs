namespace Sandboxer.Modes.Split;

/// <summary>A rule every mode has that stays in the mode profiles, and why moving it could change a decision.</summary>
public sealed record SharedRuleKept(string Rule, string Reason);
