using Sandboxer.Diagnostics;

namespace Sandboxer.Synthesis;

/// <summary>A generated profile: its SBPL text, the decisions behind it, and the proof that it covers what was observed.</summary>
public sealed record SynthesizedProfile(string Text, SynthesisResult Result, CoverageProof Proof, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>The text evaluates without errors and allows every observed access.</summary>
    public bool IsSound => Proof.Holds && !Diagnostics.Any(d => d.IsError);
}
