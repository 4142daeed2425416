namespace Sandboxer.Synthesis;

/// <summary>Why the target was run: each kind is counted in reports.</summary>
public enum RunKind
{
    /// <summary>An untraced run that defines "runs normally" for programs that behave differently when traced.</summary>
    Baseline,

    /// <summary>A traced, unrestricted run: what the program touches.</summary>
    Observe,

    /// <summary>A run under the synthesized profile: what the sandbox still denies.</summary>
    Enforce,

    /// <summary>A further enforced run with a fresh TMPDIR that must pass with no denials.</summary>
    Verify,
}
