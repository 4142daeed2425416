namespace Sandboxer.Sbpl.Syntax;

/// <summary>Stable codes of reader diagnostics (<c>SBPL1xxx</c>).</summary>
public static class SyntaxDiagnosticCodes
{
    /// <summary>A <c>"</c> or <c>#"</c> string runs to the end of the file.</summary>
    public const string UnterminatedString = "SBPL1001";

    /// <summary>A <c>(</c> is never closed.</summary>
    public const string UnbalancedOpenParen = "SBPL1002";

    /// <summary>A <c>)</c> closes nothing.</summary>
    public const string UnexpectedCloseParen = "SBPL1003";

    /// <summary>A <c>#</c> form TinyScheme does not define (<c>#q</c>, <c>#|</c>, <c>#;</c>).</summary>
    public const string UndefinedSharpExpression = "SBPL1004";

    /// <summary>A malformed <c>\x</c> escape in a string.</summary>
    public const string InvalidEscape = "SBPL1005";

    /// <summary>Warning: a backslash before a character that has no escape meaning (<c>"\."</c> reads as <c>.</c>).</summary>
    public const string MeaninglessEscape = "SBPL1006";

    /// <summary>A control character outside strings and comments.</summary>
    public const string UnexpectedCharacter = "SBPL1007";

    /// <summary>A real or otherwise non-integer number.</summary>
    public const string UnsupportedNumber = "SBPL1008";

    /// <summary>An integer literal outside the 64-bit range.</summary>
    public const string IntegerOutOfRange = "SBPL1009";

    /// <summary>Lists nested deeper than the reader's limit.</summary>
    public const string NestingTooDeep = "SBPL1010";

    /// <summary>A <c>#(…)</c> vector literal.</summary>
    public const string VectorNotSupported = "SBPL1011";

    /// <summary>A quote prefix with nothing after it.</summary>
    public const string MissingQuotedDatum = "SBPL1012";

    /// <summary>A <c>.</c> outside a list.</summary>
    public const string UnexpectedDot = "SBPL1013";
}
