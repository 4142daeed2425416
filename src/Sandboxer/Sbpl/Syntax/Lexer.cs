using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Sandboxer.Diagnostics;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Sbpl.Syntax;

/// <summary>
/// Splits SBPL text into tokens with trivia, following TinyScheme's reader (the Scheme inside libsandbox):
/// atoms run up to whitespace, <c>( ) " ;</c>; strings know the escapes <c>\n \t \r \" \\ \xHH</c> and read any
/// other escaped character as itself; <c>#"…"</c> is a raw string. Never throws; problems become diagnostics.
/// </summary>
internal sealed class Lexer
{
    private readonly SourceText _source;
    private readonly string _text;
    private readonly List<Diagnostic> _diagnostics;
    private int _position;

    public Lexer(SourceText source, List<Diagnostic> diagnostics)
    {
        _source = source;
        _text = source.Text;
        _diagnostics = diagnostics;
    }

    /// <summary>True once a string ran to the end of the text (then an unbalanced list is no news).</summary>
    public bool SawUnterminatedString { get; private set; }

    public SyntaxToken Next()
    {
        var leading = ReadTrivia(trailing: false);
        var start = _position;
        var (kind, value) = Scan();
        var span = TextSpan.FromBounds(start, _position);
        var trailing = kind == SyntaxKind.EndOfFile ? ImmutableArray<SyntaxTrivia>.Empty : ReadTrivia(trailing: true);
        return new SyntaxToken(kind, span, _text.Substring(start, span.Length), leading, trailing, value);
    }

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\f' or '\v' or '\r';

    private static bool IsDelimiter(char c) =>
        c is '(' or ')' or '"' or ';' or '\n' || IsWhitespace(c) || IsBadControl(c);

    private static bool IsBadControl(char c) => char.IsControl(c) && c is not ('\t' or '\n' or '\r' or '\f' or '\v');

    private char Peek(int ahead = 0) => _position + ahead < _text.Length ? _text[_position + ahead] : '\0';

    private bool AtEnd(int ahead = 0) => _position + ahead >= _text.Length;

    private ImmutableArray<SyntaxTrivia> ReadTrivia(bool trailing)
    {
        ImmutableArray<SyntaxTrivia>.Builder? builder = null;
        while (!AtEnd())
        {
            var start = _position;
            var c = Peek();
            SyntaxTriviaKind kind;
            if (c == '\n' || (c == '\r' && Peek(1) == '\n' && !AtEnd(1)))
            {
                _position += c == '\r' ? 2 : 1;
                kind = SyntaxTriviaKind.EndOfLine;
            }
            else if (IsWhitespace(c))
            {
                while (!AtEnd() && IsWhitespace(Peek()) && !(Peek() == '\r' && Peek(1) == '\n' && !AtEnd(1)))
                {
                    _position++;
                }

                kind = SyntaxTriviaKind.Whitespace;
            }
            else if (c == ';' || (c == '#' && Peek(1) == '!' && !AtEnd(1)))
            {
                while (!AtEnd() && Peek() != '\n' && !(Peek() == '\r' && Peek(1) == '\n' && !AtEnd(1)))
                {
                    _position++;
                }

                kind = c == ';' ? SyntaxTriviaKind.Comment : SyntaxTriviaKind.ShebangComment;
            }
            else
            {
                break;
            }

            builder ??= ImmutableArray.CreateBuilder<SyntaxTrivia>();
            builder.Add(new SyntaxTrivia(kind, TextSpan.FromBounds(start, _position), _text[start.._position]));
            if (trailing && kind == SyntaxTriviaKind.EndOfLine)
            {
                break;
            }
        }

        return builder?.ToImmutable() ?? [];
    }

    private (SyntaxKind Kind, object? Value) Scan()
    {
        if (AtEnd())
        {
            return (SyntaxKind.EndOfFile, null);
        }

        var start = _position;
        var c = Peek();
        switch (c)
        {
            case '(':
                _position++;
                return (SyntaxKind.OpenParen, null);
            case ')':
                _position++;
                return (SyntaxKind.CloseParen, null);
            case '\'':
                _position++;
                return (SyntaxKind.Quote, null);
            case '`':
                _position++;
                return (SyntaxKind.Backquote, null);
            case ',':
                _position++;
                if (Peek() == '@' && !AtEnd())
                {
                    _position++;
                    return (SyntaxKind.CommaAt, null);
                }

                return (SyntaxKind.Comma, null);
            case '"':
                return (SyntaxKind.StringLiteral, ScanString(start));
            case '#':
                return ScanSharp(start);
        }

        if (IsBadControl(c))
        {
            while (!AtEnd() && IsBadControl(Peek()))
            {
                _position++;
            }

            Report(
                SyntaxDiagnosticCodes.UnexpectedCharacter,
                string.Create(CultureInfo.InvariantCulture, $"unexpected character U+{(int)c:X4}"),
                TextSpan.FromBounds(start, _position));
            return (SyntaxKind.BadToken, null);
        }

        var atom = ReadAtom();
        return ClassifyAtom(atom, start);
    }

    private string ReadAtom()
    {
        var start = _position;
        while (!AtEnd() && !IsDelimiter(Peek()))
        {
            _position++;
        }

        return _text[start.._position];
    }

    private (SyntaxKind Kind, object? Value) ClassifyAtom(string atom, int start)
    {
        if (atom == ".")
        {
            return (SyntaxKind.Dot, null);
        }

        if (IsDecimalInteger(atom))
        {
            return ParseInteger(atom, atom, 10, start);
        }

        if (LooksNumeric(atom))
        {
            Report(
                SyntaxDiagnosticCodes.UnsupportedNumber,
                $"unsupported number `{atom}`; SBPL profiles use integers only",
                TextSpan.FromBounds(start, _position));
            return (SyntaxKind.BadToken, null);
        }

        return (SyntaxKind.Symbol, atom);
    }

    private static bool IsDecimalInteger(string atom)
    {
        var digits = atom.AsSpan();
        if (digits.Length > 0 && digits[0] is '+' or '-')
        {
            digits = digits[1..];
        }

        if (digits.IsEmpty)
        {
            return false;
        }

        foreach (var d in digits)
        {
            if (d is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True for atoms TinyScheme would read as a real number: <c>1.5</c>, <c>.5</c>, <c>1e3</c>, <c>-2.</c>.</summary>
    private static bool LooksNumeric(string atom)
    {
        var s = atom.AsSpan();
        if (s.Length > 0 && s[0] is '+' or '-')
        {
            s = s[1..];
        }

        var mantissaDigits = 0;
        var i = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
            mantissaDigits++;
        }

        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
                mantissaDigits++;
            }
        }

        if (mantissaDigits == 0)
        {
            return false;
        }

        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-')
            {
                i++;
            }

            var exponentDigits = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
                exponentDigits++;
            }

            if (exponentDigits == 0)
            {
                return false;
            }
        }

        return i == s.Length;
    }

    private (SyntaxKind Kind, object? Value) ParseInteger(string written, string digits, int radix, int start)
    {
        var negative = false;
        var body = digits.AsSpan();
        if (body.Length > 0 && body[0] is '+' or '-')
        {
            negative = body[0] == '-';
            body = body[1..];
        }

        long value = 0;
        foreach (var d in body)
        {
            var digit = char.IsAsciiDigit(d) ? d - '0' : char.ToLowerInvariant(d) - 'a' + 10;
            try
            {
                value = checked((value * radix) + digit);
            }
            catch (OverflowException)
            {
                Report(
                    SyntaxDiagnosticCodes.IntegerOutOfRange,
                    $"integer `{written}` is out of range",
                    TextSpan.FromBounds(start, _position));
                return (SyntaxKind.BadToken, null);
            }
        }

        return (SyntaxKind.IntegerLiteral, negative ? -value : value);
    }

    private (SyntaxKind Kind, object? Value) ScanSharp(int start)
    {
        var next = Peek(1);
        if (!AtEnd(1) && next == '"')
        {
            _position++;
            return (SyntaxKind.RawStringLiteral, ScanRawString(start));
        }

        if (!AtEnd(1) && next == '(')
        {
            _position += 2;
            Report(
                SyntaxDiagnosticCodes.VectorNotSupported,
                "vector literals `#(` are not supported in SBPL",
                TextSpan.FromBounds(start, _position));
            return (SyntaxKind.VectorOpenParen, null);
        }

        if (!AtEnd(1) && next == '\\')
        {
            return ScanCharacter(start);
        }

        _position++;
        var rest = ReadAtom();
        var atom = "#" + rest;
        switch (rest)
        {
            case "t":
                return (SyntaxKind.BooleanLiteral, true);
            case "f":
                return (SyntaxKind.BooleanLiteral, false);
        }

        if (rest.Length >= 2)
        {
            var radix = char.ToLowerInvariant(rest[0]) switch
            {
                'o' => 8,
                'x' => 16,
                'd' => 10,
                'b' => 2,
                _ => 0,
            };
            if (radix != 0 && IsRadixInteger(rest[1..], radix))
            {
                return ParseInteger(atom, rest[1..], radix, start);
            }
        }

        var shown = atom.Length > 1 ? atom : "#" + (AtEnd() ? string.Empty : Peek().ToString());
        Report(
            SyntaxDiagnosticCodes.UndefinedSharpExpression,
            $"undefined sharp expression `{shown.TrimEnd()}`",
            TextSpan.FromBounds(start, Math.Max(_position, start + 1)));
        return (SyntaxKind.BadToken, null);
    }

    private static bool IsRadixInteger(string digits, int radix)
    {
        var body = digits.AsSpan();
        if (body.Length > 0 && body[0] is '+' or '-')
        {
            body = body[1..];
        }

        if (body.IsEmpty)
        {
            return false;
        }

        foreach (var d in body)
        {
            var value = char.IsAsciiDigit(d) ? d - '0' : char.IsAsciiLetter(d) ? char.ToLowerInvariant(d) - 'a' + 10 : 99;
            if (value >= radix)
            {
                return false;
            }
        }

        return true;
    }

    private static readonly Dictionary<string, char> CharacterNames = new(StringComparer.Ordinal)
    {
        ["space"] = ' ',
        ["newline"] = '\n',
        ["tab"] = '\t',
        ["return"] = '\r',
        ["nul"] = '\0',
    };

    private (SyntaxKind Kind, object? Value) ScanCharacter(int start)
    {
        _position += 2;
        if (AtEnd())
        {
            Report(SyntaxDiagnosticCodes.UndefinedSharpExpression, "undefined sharp expression `#\\`", TextSpan.FromBounds(start, _position));
            return (SyntaxKind.BadToken, null);
        }

        // The first character after #\ is taken even when it is a delimiter: #\( and #\space both exist.
        var first = _position;
        _position++;
        while (!AtEnd() && !IsDelimiter(Peek()))
        {
            _position++;
        }

        var name = _text[first.._position];
        if (name.Length == 1)
        {
            return (SyntaxKind.CharacterLiteral, name);
        }

        if (CharacterNames.TryGetValue(name, out var named))
        {
            return (SyntaxKind.CharacterLiteral, named.ToString());
        }

        if (name.Length > 1 && name[0] is 'x' or 'X'
            && int.TryParse(name.AsSpan(1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
            && code <= 0xFF)
        {
            return (SyntaxKind.CharacterLiteral, ((char)code).ToString());
        }

        if (char.IsSurrogatePair(name, 0) && name.Length == 2)
        {
            return (SyntaxKind.CharacterLiteral, name);
        }

        Report(SyntaxDiagnosticCodes.UndefinedSharpExpression, $"undefined sharp expression `#\\{name}`", TextSpan.FromBounds(start, _position));
        return (SyntaxKind.BadToken, null);
    }

    private string ScanRawString(int start)
    {
        // _position is at the opening quote of #"…".
        _position++;
        var contentStart = _position;
        while (!AtEnd() && Peek() != '"')
        {
            _position++;
        }

        var content = _text[contentStart.._position];
        if (AtEnd())
        {
            ReportUnterminated(start);
        }
        else
        {
            _position++;
        }

        return content;
    }

    private string ScanString(int start)
    {
        _position++;
        var builder = new StringBuilder();
        while (true)
        {
            if (AtEnd())
            {
                ReportUnterminated(start);
                return builder.ToString();
            }

            var c = Peek();
            if (c == '"')
            {
                _position++;
                return builder.ToString();
            }

            if (c != '\\')
            {
                builder.Append(c);
                _position++;
                continue;
            }

            var escapeStart = _position;
            _position++;
            if (AtEnd())
            {
                ReportUnterminated(start);
                return builder.ToString();
            }

            var e = Peek();
            _position++;
            switch (e)
            {
                case 'n':
                    builder.Append('\n');
                    break;
                case 't':
                    builder.Append('\t');
                    break;
                case 'r':
                    builder.Append('\r');
                    break;
                case '"':
                case '\\':
                    builder.Append(e);
                    break;
                case 'x':
                case 'X':
                    ScanHexEscape(builder, escapeStart);
                    break;
                default:
                    builder.Append(e);
                    if (!char.IsHighSurrogate(e))
                    {
                        Warn(
                            SyntaxDiagnosticCodes.MeaninglessEscape,
                            $"`\\{e}` in a string reads as `{e}`; write `\\\\{e}` for a backslash or use a raw string #\"…\"",
                            TextSpan.FromBounds(escapeStart, _position));
                    }

                    break;
            }
        }
    }

    private void ScanHexEscape(StringBuilder builder, int escapeStart)
    {
        var value = 0;
        for (var i = 0; i < 2; i++)
        {
            if (AtEnd() || !char.IsAsciiHexDigit(Peek()))
            {
                Report(
                    SyntaxDiagnosticCodes.InvalidEscape,
                    "invalid escape in string; `\\x` needs two hex digits",
                    TextSpan.FromBounds(escapeStart, _position));
                return;
            }

            value = (value * 16) + Convert.ToInt32(Peek().ToString(), 16);
            _position++;
        }

        builder.Append((char)value);
    }

    private void ReportUnterminated(int start)
    {
        SawUnterminatedString = true;
        Report(
            SyntaxDiagnosticCodes.UnterminatedString,
            $"unterminated string starting at {_source.GetLinePosition(start)}",
            new TextSpan(start, 1));
    }

    private void Report(string code, string message, TextSpan span) =>
        _diagnostics.Add(new Diagnostic(code, DiagnosticSeverity.Error, message, _source.GetLocation(span)));

    private void Warn(string code, string message, TextSpan span) =>
        _diagnostics.Add(new Diagnostic(code, DiagnosticSeverity.Warning, message, _source.GetLocation(span)));
}
