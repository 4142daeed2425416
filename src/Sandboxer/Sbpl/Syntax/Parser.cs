using System.Collections.Immutable;
using Sandboxer.Diagnostics;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Sbpl.Syntax;

/// <summary>
/// Builds the lossless tree from tokens. Never throws: unbalanced parentheses get a missing <c>)</c>, stray tokens
/// become <see cref="SkippedSyntax"/>, and nesting past <see cref="SbplParseOptions.MaxDepth"/> is skipped flat
/// (without recursion), each with one diagnostic.
/// </summary>
internal sealed class Parser
{
    private readonly SourceText _source;
    private readonly List<Diagnostic> _diagnostics;
    private readonly Lexer _lexer;
    private readonly int _maxDepth;
    private SyntaxToken _current;
    private SyntaxToken? _outermostUnclosed;

    public Parser(SourceText source, SbplParseOptions options, List<Diagnostic> diagnostics)
    {
        _source = source;
        _diagnostics = diagnostics;
        _lexer = new Lexer(source, diagnostics);
        _maxDepth = Math.Max(1, options.MaxDepth);
        _current = _lexer.Next();
    }

    public ProfileSyntax ParseProfile()
    {
        var forms = ImmutableArray.CreateBuilder<SyntaxNode>();
        while (_current.Kind != SyntaxKind.EndOfFile)
        {
            switch (_current.Kind)
            {
                case SyntaxKind.CloseParen:
                    Report(SyntaxDiagnosticCodes.UnexpectedCloseParen, "unexpected `)`", _current.Span);
                    forms.Add(new SkippedSyntax([Take()]));
                    break;
                case SyntaxKind.Dot:
                    Report(SyntaxDiagnosticCodes.UnexpectedDot, "unexpected `.` outside a list", _current.Span);
                    forms.Add(new SkippedSyntax([Take()]));
                    break;
                default:
                    forms.Add(ParseDatum(0));
                    break;
            }
        }

        if (_outermostUnclosed is { } open && !_lexer.SawUnterminatedString)
        {
            Report(
                SyntaxDiagnosticCodes.UnbalancedOpenParen,
                $"unbalanced `{open.Text}` opened at {_source.GetLinePosition(open.Span.Start)}",
                open.Span);
        }

        return new ProfileSyntax(forms.ToImmutable(), _current);
    }

    private SyntaxToken Take()
    {
        var token = _current;
        _current = _lexer.Next();
        return token;
    }

    private SyntaxNode ParseDatum(int depth)
    {
        if (depth >= _maxDepth && _current.Kind is SyntaxKind.OpenParen or SyntaxKind.VectorOpenParen
                or SyntaxKind.Quote or SyntaxKind.Backquote or SyntaxKind.Comma or SyntaxKind.CommaAt)
        {
            return SkipTooDeep();
        }

        switch (_current.Kind)
        {
            case SyntaxKind.OpenParen:
            case SyntaxKind.VectorOpenParen:
                return ParseList(depth);
            case SyntaxKind.Quote:
            case SyntaxKind.Backquote:
            case SyntaxKind.Comma:
            case SyntaxKind.CommaAt:
                var prefix = Take();
                if (_current.Kind is SyntaxKind.EndOfFile or SyntaxKind.CloseParen or SyntaxKind.Dot)
                {
                    Report(
                        SyntaxDiagnosticCodes.MissingQuotedDatum,
                        $"expected an expression after `{prefix.Text}`",
                        prefix.Span);
                    return new QuotedSyntax(prefix, null);
                }

                return new QuotedSyntax(prefix, ParseDatum(depth + 1));
            case SyntaxKind.BadToken:
                return new SkippedSyntax([Take()]);
            default:
                return new AtomSyntax(Take());
        }
    }

    private ListSyntax ParseList(int depth)
    {
        var open = Take();
        var elements = ImmutableArray.CreateBuilder<SyntaxNode>();
        while (true)
        {
            switch (_current.Kind)
            {
                case SyntaxKind.CloseParen:
                    return new ListSyntax(open, elements.ToImmutable(), Take());
                case SyntaxKind.EndOfFile:
                    // Reported once, for the outermost list left open (the last one to unwind here).
                    _outermostUnclosed = open;
                    return new ListSyntax(open, elements.ToImmutable(), Missing(SyntaxKind.CloseParen, elements, open));
                case SyntaxKind.Dot:
                    elements.Add(new AtomSyntax(Take()));
                    break;
                default:
                    elements.Add(ParseDatum(depth + 1));
                    break;
            }
        }
    }

    private static SyntaxToken Missing(SyntaxKind kind, ImmutableArray<SyntaxNode>.Builder elements, SyntaxToken open)
    {
        var position = elements.Count > 0 ? elements[^1].FullSpan.End : open.FullSpan.End;
        return new SyntaxToken(kind, new TextSpan(position, 0), string.Empty, [], [], null, isMissing: true);
    }

    /// <summary>Consumes one datum nested beyond the depth limit as flat tokens, counting parentheses without recursion.</summary>
    private SkippedSyntax SkipTooDeep()
    {
        var start = _current.Span.Start;
        var tokens = ImmutableArray.CreateBuilder<SyntaxToken>();
        var open = 0;
        while (_current.Kind != SyntaxKind.EndOfFile)
        {
            var kind = _current.Kind;
            tokens.Add(Take());
            if (kind is SyntaxKind.OpenParen or SyntaxKind.VectorOpenParen)
            {
                open++;
            }
            else if (kind == SyntaxKind.CloseParen)
            {
                open--;
            }

            var isPrefix = kind is SyntaxKind.Quote or SyntaxKind.Backquote or SyntaxKind.Comma or SyntaxKind.CommaAt;
            if (open <= 0 && !isPrefix)
            {
                break;
            }

            if (open <= 0 && _current.Kind == SyntaxKind.CloseParen)
            {
                break;
            }
        }

        Report(
            SyntaxDiagnosticCodes.NestingTooDeep,
            $"expression nested deeper than {_maxDepth} levels",
            new TextSpan(start, 1));
        return new SkippedSyntax(tokens.ToImmutable());
    }

    private void Report(string code, string message, TextSpan span) =>
        _diagnostics.Add(new Diagnostic(code, DiagnosticSeverity.Error, message, _source.GetLocation(span)));
}
