namespace Sandboxer.Modes.Split;

/// <summary>What a top-level form means for the split.</summary>
internal enum FormRole
{
    /// <summary><c>(version 1)</c>.</summary>
    Version,

    /// <summary>A form with no effect on decisions: <c>(debug …)</c>.</summary>
    Neutral,

    /// <summary><c>(import "…")</c> of some other file: unknown rules, nothing moves across it.</summary>
    Import,

    /// <summary><c>(allow …)</c> or <c>(deny …)</c>.</summary>
    Rule,

    /// <summary>Anything else (<c>define</c>, <c>if</c>, <c>with-filter</c>, …): it may emit rules or change what names
    /// mean, so nothing moves across it.</summary>
    Barrier,
}
