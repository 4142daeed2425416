namespace Sandboxer.Sbpl.Engine;

/// <summary>Why a decision came out as it did (the <c>reason</c> of <c>explain --json</c>).</summary>
public enum DecisionReason
{
    /// <summary>A filtered rule matched the target.</summary>
    Rule,

    /// <summary>
    /// No filtered rule matched; an unfiltered rule of the operation (or of an ancestor other than <c>default</c>)
    /// decided: the operation's fall-through.
    /// </summary>
    OperationDefault,

    /// <summary>No rule of the operation or its ancestors matched; a rule of <c>default</c> decided.</summary>
    ProfileDefault,

    /// <summary>No rule decided; the built-in decision of a terminal operation (or of <c>default</c>: deny) applied.</summary>
    Builtin,
}
