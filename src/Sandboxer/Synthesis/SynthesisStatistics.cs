namespace Sandboxer.Synthesis;

/// <summary>How many events synthesis read and how it used them.</summary>
public sealed record SynthesisStatistics(long Events, long Used, long IgnoredErrors, long Denials, int Runs);
