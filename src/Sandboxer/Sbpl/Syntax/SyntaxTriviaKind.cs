namespace Sandboxer.Sbpl.Syntax;

/// <summary>The kinds of text between tokens.</summary>
public enum SyntaxTriviaKind
{
    /// <summary>Spaces, tabs, form feeds, vertical tabs and lone carriage returns.</summary>
    Whitespace,

    /// <summary>A line break: <c>\n</c> or <c>\r\n</c>.</summary>
    EndOfLine,

    /// <summary>A <c>;</c> comment up to (not including) the end of its line.</summary>
    Comment,

    /// <summary>A <c>#!</c> line, which TinyScheme skips like a comment.</summary>
    ShebangComment,
}
