namespace Sandboxer.Sbpl.Syntax;

/// <summary>The kinds of tokens the SBPL reader produces.</summary>
public enum SyntaxKind
{
    /// <summary><c>(</c>.</summary>
    OpenParen,

    /// <summary><c>#(</c>: a TinyScheme vector literal, read so the text round-trips but reported as unsupported.</summary>
    VectorOpenParen,

    /// <summary><c>)</c>.</summary>
    CloseParen,

    /// <summary><c>'</c>.</summary>
    Quote,

    /// <summary><c>`</c>.</summary>
    Backquote,

    /// <summary><c>,</c>.</summary>
    Comma,

    /// <summary><c>,@</c>.</summary>
    CommaAt,

    /// <summary>A lone <c>.</c> inside a list (dotted pair or rest parameter).</summary>
    Dot,

    /// <summary><c>"…"</c> with backslash escapes.</summary>
    StringLiteral,

    /// <summary><c>#"…"</c>: no escape processing.</summary>
    RawStringLiteral,

    /// <summary>A decimal integer, or <c>#o</c>/<c>#x</c>/<c>#d</c>/<c>#b</c> radix integer.</summary>
    IntegerLiteral,

    /// <summary><c>#t</c> or <c>#f</c>.</summary>
    BooleanLiteral,

    /// <summary><c>#\a</c>, <c>#\space</c>, <c>#\x41</c>.</summary>
    CharacterLiteral,

    /// <summary>Any other atom: <c>allow</c>, <c>file-read*</c>, <c>string=?</c>, <c>REGULAR-FILE</c>.</summary>
    Symbol,

    /// <summary>Text the reader could not make sense of; a diagnostic says why.</summary>
    BadToken,

    /// <summary>The end of the text; carries the trailing comments and whitespace of the file.</summary>
    EndOfFile,
}
