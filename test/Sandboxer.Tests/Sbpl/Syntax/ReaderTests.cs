using Sandboxer.Diagnostics;
using Sandboxer.Sbpl.Syntax;

namespace Sandboxer.Tests.Sbpl.Syntax;

public sealed class ReaderTests
{
    private static SbplSyntaxTree Read(string text) => SbplSyntaxTree.Parse(text, "/p/test.sb");

    private static AtomSyntax SingleAtom(string text)
    {
        var tree = Read(text);
        Assert.Empty(tree.Diagnostics);
        return Assert.IsType<AtomSyntax>(Assert.Single(tree.Root.Forms));
    }

    private static Diagnostic SingleError(string text)
    {
        var tree = Read(text);
        Assert.Equal(text, tree.ToFullString());
        return Assert.Single(tree.Diagnostics, d => d.IsError);
    }

    [Fact]
    public void Reads_a_rule_as_a_list_of_atoms()
    {
        var tree = Read("(allow file-read* (subpath \"/usr\"))");
        Assert.Empty(tree.Diagnostics);
        var rule = Assert.IsType<ListSyntax>(Assert.Single(tree.Root.Forms));
        Assert.Equal("allow", rule.HeadSymbol);
        Assert.Equal(3, rule.Elements.Length);
        var filter = Assert.IsType<ListSyntax>(rule.Elements[2]);
        Assert.Equal("/usr", ((AtomSyntax)filter.Elements[1]).Token.StringValue);
    }

    [Theory]
    [InlineData("\"a\\\"b\"", "a\"b")]
    [InlineData("\"a\\\\b\"", "a\\b")]
    [InlineData("\"a\\nb\\tc\\rd\"", "a\nb\tc\rd")]
    [InlineData("\"\\x41\\x7a\"", "Az")]
    [InlineData("\"two\nlines\"", "two\nlines")]
    [InlineData("\"\"", "")]
    public void Decodes_the_string_escapes_TinyScheme_knows(string text, string expected)
    {
        var atom = SingleAtom(text);
        Assert.Equal(SyntaxKind.StringLiteral, atom.Kind);
        Assert.Equal(expected, atom.Token.StringValue);
    }

    [Fact]
    public void Reads_an_unknown_escape_as_the_character_itself_with_a_warning()
    {
        var tree = Read("(regex \"^/a/\\.ssh$\")");
        var warning = Assert.Single(tree.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal(SyntaxDiagnosticCodes.MeaninglessEscape, warning.Code);
        Assert.Equal(13, warning.Location!.Start.Column);
        var value = ((AtomSyntax)((ListSyntax)tree.Root.Forms[0]).Elements[1]).Token.StringValue;
        Assert.Equal("^/a/.ssh$", value);
    }

    [Fact]
    public void Raw_strings_keep_backslashes()
    {
        var atom = SingleAtom("#\"^/a/\\.ssh\\\\$\"");
        Assert.Equal(SyntaxKind.RawStringLiteral, atom.Kind);
        Assert.Equal("^/a/\\.ssh\\\\$", atom.Token.StringValue);
    }

    [Theory]
    [InlineData("42", 42)]
    [InlineData("-7", -7)]
    [InlineData("+3", 3)]
    [InlineData("#o0004", 4)]
    [InlineData("#o755", 493)]
    [InlineData("#x1F", 31)]
    [InlineData("#xff", 255)]
    [InlineData("#d10", 10)]
    [InlineData("#b101", 5)]
    public void Reads_integers_in_every_radix(string text, long expected)
    {
        var atom = SingleAtom(text);
        Assert.Equal(SyntaxKind.IntegerLiteral, atom.Kind);
        Assert.Equal(expected, atom.Token.IntegerValue);
    }

    [Theory]
    [InlineData("#t", true)]
    [InlineData("#f", false)]
    public void Reads_booleans(string text, bool expected) => Assert.Equal(expected, SingleAtom(text).Token.BooleanValue);

    [Theory]
    [InlineData("file-read*")]
    [InlineData("string=?")]
    [InlineData("set-car!")]
    [InlineData("->x")]
    [InlineData(">=")]
    [InlineData("REGULAR-FILE")]
    [InlineData("SYS___pthread_kill")]
    [InlineData("a:b")]
    [InlineData("-")]
    [InlineData("*")]
    [InlineData("1+")]
    public void Reads_symbols_with_punctuation(string text)
    {
        var atom = SingleAtom(text);
        Assert.Equal(SyntaxKind.Symbol, atom.Kind);
        Assert.Equal(text, atom.Token.StringValue);
    }

    [Theory]
    [InlineData("#\\a", "a")]
    [InlineData("#\\space", " ")]
    [InlineData("#\\(", "(")]
    [InlineData("#\\x41", "A")]
    public void Reads_character_literals(string text, string expected)
    {
        var atom = SingleAtom(text);
        Assert.Equal(SyntaxKind.CharacterLiteral, atom.Kind);
        Assert.Equal(expected, atom.Token.StringValue);
    }

    [Theory]
    [InlineData("'x", "quote")]
    [InlineData("`x", "quasiquote")]
    [InlineData(",x", "unquote")]
    [InlineData(",@x", "unquote-splicing")]
    public void Reads_quote_prefixes(string text, string form)
    {
        var tree = Read(text);
        Assert.Empty(tree.Diagnostics);
        var quoted = Assert.IsType<QuotedSyntax>(Assert.Single(tree.Root.Forms));
        Assert.Equal(form, quoted.FormName);
        Assert.Equal("x", ((AtomSyntax)quoted.Datum!).Token.StringValue);
    }

    [Fact]
    public void Keeps_comments_as_trivia_on_the_right_tokens()
    {
        var text = "; header\n(allow file-read* ; why\n  (literal \"/a\"))\n;; end\n";
        var tree = Read(text);
        Assert.Equal(text, tree.ToFullString());
        var rule = (ListSyntax)tree.Root.Forms[0];
        Assert.Contains(rule.OpenParen.LeadingTrivia, t => t is { Kind: SyntaxTriviaKind.Comment, Text: "; header" });
        var op = ((AtomSyntax)rule.Elements[1]).Token;
        Assert.Contains(op.TrailingTrivia, t => t is { Kind: SyntaxTriviaKind.Comment, Text: "; why" });
        Assert.Contains(tree.Root.EndOfFile.LeadingTrivia, t => t is { Kind: SyntaxTriviaKind.Comment, Text: ";; end" });
    }

    [Fact]
    public void Node_spans_exclude_outer_trivia()
    {
        var tree = Read("  (version 1) ; c\n");
        var form = tree.Root.Forms[0];
        Assert.Equal("(version 1)", form.ToString());
        Assert.Equal(2, form.Span.Start);
        Assert.Equal(11, form.Span.Length);
        Assert.Equal(new Sandboxer.Sbpl.Text.LinePosition(1, 3), tree.GetLocation(form).Start);
    }

    [Fact]
    public void Unterminated_string_says_where_it_started()
    {
        var error = SingleError("(allow file-read*\n    (literal \"/a/b))\n");
        Assert.Equal(SyntaxDiagnosticCodes.UnterminatedString, error.Code);
        Assert.Equal("unterminated string starting at 2:14", error.Message);
        Assert.Equal("/p/test.sb:2:14: error SBPL1001: unterminated string starting at 2:14", error.ToString());
    }

    [Fact]
    public void Unterminated_raw_string_says_where_it_started()
    {
        var error = SingleError("(regex #\"abc");
        Assert.Equal("unterminated string starting at 1:8", error.Message);
    }

    [Fact]
    public void Unbalanced_open_paren_names_the_outermost_unclosed_list()
    {
        var error = SingleError("(version 1)\n\n(allow file-read*\n  (subpath \"/a\")\n(deny default)\n");
        Assert.Equal(SyntaxDiagnosticCodes.UnbalancedOpenParen, error.Code);
        Assert.Equal("unbalanced `(` opened at 3:1", error.Message);
        Assert.Equal(3, error.Location!.Start.Line);
    }

    [Fact]
    public void Unexpected_close_paren_is_reported_where_it_is()
    {
        var error = SingleError("(version 1))\n");
        Assert.Equal(SyntaxDiagnosticCodes.UnexpectedCloseParen, error.Code);
        Assert.Equal("unexpected `)`", error.Message);
        Assert.Equal(12, error.Location!.Start.Column);
    }

    [Theory]
    [InlineData("#q", "undefined sharp expression `#q`")]
    [InlineData("(a #foo b)", "undefined sharp expression `#foo`")]
    [InlineData("#|x|#", "undefined sharp expression `#|x|#`")]
    [InlineData("#o9", "undefined sharp expression `#o9`")]
    public void Undefined_sharp_expressions_are_errors(string text, string message)
    {
        var error = SingleError(text);
        Assert.Equal(SyntaxDiagnosticCodes.UndefinedSharpExpression, error.Code);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("\"\\xZ1\"", SyntaxDiagnosticCodes.InvalidEscape)]
    [InlineData("1.5", SyntaxDiagnosticCodes.UnsupportedNumber)]
    [InlineData("99999999999999999999", SyntaxDiagnosticCodes.IntegerOutOfRange)]
    [InlineData("#(1 2)", SyntaxDiagnosticCodes.VectorNotSupported)]
    [InlineData("(a ')", SyntaxDiagnosticCodes.MissingQuotedDatum)]
    [InlineData(". a", SyntaxDiagnosticCodes.UnexpectedDot)]
    [InlineData("(a \u0001 b)", SyntaxDiagnosticCodes.UnexpectedCharacter)]
    public void Malformed_input_gives_one_error_with_a_stable_code(string text, string code) =>
        Assert.Equal(code, SingleError(text).Code);

    [Fact]
    public void Shebang_lines_are_comments()
    {
        var tree = Read("#!/usr/bin/sandbox-exec -f\n(version 1)\n");
        Assert.Empty(tree.Diagnostics);
        Assert.Single(tree.Root.Forms);
    }

    [Fact]
    public void Dotted_lists_keep_the_dot_as_an_atom()
    {
        var tree = Read("(define (f . rest) rest)");
        Assert.Empty(tree.Diagnostics);
        var head = (ListSyntax)((ListSyntax)tree.Root.Forms[0]).Elements[1];
        Assert.Equal(SyntaxKind.Dot, ((AtomSyntax)head.Elements[1]).Kind);
    }

    [Fact]
    public void Deep_nesting_is_cut_off_without_recursion_and_still_round_trips()
    {
        var text = new string('(', 200_000) + "x" + new string(')', 200_000);
        var tree = SbplSyntaxTree.Parse(text, "/p/deep.sb");
        Assert.Equal(text, tree.ToFullString());
        var error = Assert.Single(tree.Diagnostics);
        Assert.Equal(SyntaxDiagnosticCodes.NestingTooDeep, error.Code);
        Assert.Equal("expression nested deeper than 256 levels", error.Message);
    }

    [Fact]
    public void Deep_unbalanced_nesting_reports_the_outermost_list()
    {
        var text = new string('(', 100_000);
        var tree = SbplSyntaxTree.Parse(text, "/p/deep.sb");
        Assert.Equal(text, tree.ToFullString());
        Assert.Contains(tree.Diagnostics, d => d.Code == SyntaxDiagnosticCodes.UnbalancedOpenParen && d.Message.EndsWith("1:1", StringComparison.Ordinal));
    }

    [Fact]
    public void Long_quote_chains_are_cut_off_too()
    {
        var text = new string('\'', 100_000) + "x";
        var tree = SbplSyntaxTree.Parse(text, "/p/q.sb");
        Assert.Equal(text, tree.ToFullString());
        Assert.Contains(tree.Diagnostics, d => d.Code == SyntaxDiagnosticCodes.NestingTooDeep);
    }

    [Fact]
    public void Crlf_line_endings_round_trip_and_count_lines()
    {
        var text = "(version 1)\r\n(allow\r\n  \"x)\r\n";
        var tree = Read(text);
        Assert.Equal(text, tree.ToFullString());
        var error = Assert.Single(tree.Diagnostics);
        Assert.Equal("unterminated string starting at 3:3", error.Message);
    }

    [Fact]
    public void Empty_and_comment_only_files_read_fine()
    {
        Assert.Empty(Read(string.Empty).Diagnostics);
        var tree = Read(";; nothing\n\n");
        Assert.Empty(tree.Root.Forms);
        Assert.Equal(";; nothing\n\n", tree.ToFullString());
    }
}
