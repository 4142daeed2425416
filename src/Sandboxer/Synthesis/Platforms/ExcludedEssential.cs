namespace Sandboxer.Synthesis.Platforms;

/// <summary>Something programs commonly touch that the base deliberately leaves out, and why.</summary>
internal sealed record ExcludedEssential(string Operation, string Target, string Reason);
