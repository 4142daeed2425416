using Sandboxer.Sbpl.Formatting;

namespace Sandboxer.Tests.Sbpl.Formatting;

public sealed class FormatterTests
{
    private static void AssertFormats(string input, string expected)
    {
        var formatted = SbplFormatter.Format(input);
        Assert.Equal(expected, formatted);
        Assert.Equal(expected, SbplFormatter.Format(formatted));
    }

    [Fact]
    public void Short_forms_go_on_one_line_and_whitespace_is_normalised() =>
        AssertFormats("(version   1)\r\n\r\n\r\n(allow\n  file-read*\n   (subpath    \"/usr\"))", "(version 1)\n\n(allow file-read* (subpath \"/usr\"))\n");

    [Fact]
    public void Rules_with_several_filters_take_one_line_per_filter() =>
        AssertFormats(
            "(allow file-read* file-write* (subpath \"/a\") (literal \"/b\") (with report))",
            "(allow file-read* file-write*\n  (subpath \"/a\")\n  (literal \"/b\")\n  (with report))\n");

    [Fact]
    public void Comments_stay_where_they_were()
    {
        AssertFormats(
            ";; header\n\n(allow mach-lookup ; why\n      ; first\n      (global-name \"a\")\n\n   ; second\n   (global-name \"b\") ; tail\n)\n; end\n",
            ";; header\n\n(allow mach-lookup ; why\n  ; first\n  (global-name \"a\")\n\n  ; second\n  (global-name \"b\") ; tail\n)\n; end\n");
    }

    [Fact]
    public void Comments_before_a_closing_paren_stay_inside_the_list() =>
        AssertFormats("(allow file-read*\n  (literal \"/a\")\n  ; (literal \"/b\")\n  )", "(allow file-read*\n  (literal \"/a\")\n  ; (literal \"/b\")\n)\n");

    [Fact]
    public void Definitions_and_conditionals_indent_their_bodies() =>
        AssertFormats(
            "(define (f x) (allow file-read* (literal x)) (allow file-write* (literal x)))\n(if (param \"X\") (begin (f \"/a\") (f \"/b\")))",
            "(define (f x)\n  (allow file-read* (literal x))\n  (allow file-write* (literal x)))\n(if (param \"X\") (begin (f \"/a\") (f \"/b\")))\n");

    [Fact]
    public void Long_forms_break_and_keep_tokens_verbatim()
    {
        var input = "(allow file-read* (regex #\"^/private/var/folders/[^/]+/[^/]+/T/com\\.example\\.something-quite-long\\.[0-9]+$\"))";
        AssertFormats(input, "(allow file-read*\n  (regex #\"^/private/var/folders/[^/]+/[^/]+/T/com\\.example\\.something-quite-long\\.[0-9]+$\"))\n");
    }

    [Fact]
    public void Quotes_numbers_and_raw_strings_keep_their_spelling() =>
        AssertFormats("(if (defined? 'x) (allow file-read* (file-mode #o0004) (regex #\"a\\.b\")))", "(if (defined? 'x) (allow file-read* (file-mode #o0004) (regex #\"a\\.b\")))\n");

    [Fact]
    public void Empty_and_comment_only_files()
    {
        AssertFormats("  \n\n", string.Empty);
        AssertFormats("\n\n; only\n\n\n;; comments\n", "; only\n\n;; comments\n");
    }

    [Fact]
    public void Refuses_text_with_syntax_errors() =>
        Assert.Throws<ArgumentException>(() => SbplFormatter.Format("(allow file-read*"));
}
