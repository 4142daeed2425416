namespace Sandboxer.Synthesis.Generalization;

/// <summary>Something the synthesizer deliberately did not grant or did not widen, with the reason (shown in reports).</summary>
public sealed record Refusal(string Operation, string Target, string Reason);
