namespace Sandboxer.Synthesis.Generalization;

/// <summary>How much an operation's paths may be generalized.</summary>
public enum PathRole
{
    /// <summary>Reading or mapping: system locations and install trees may become subpaths.</summary>
    Read,

    /// <summary>Writing: never into system locations; output directories the program created may become subpaths.</summary>
    Write,

    /// <summary>Executing: literals (plus the private TMPDIR and names that vary between runs).</summary>
    Execute,
}
