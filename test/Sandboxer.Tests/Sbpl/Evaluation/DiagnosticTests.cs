using Sandboxer.Diagnostics;
using Sandboxer.Sbpl.Evaluation;
using Sandboxer.Sbpl.Syntax;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Tests.Sbpl.Evaluation;

/// <summary>One bad input, one clear diagnostic with file:line:column.</summary>
public sealed class DiagnosticTests
{
    private static Diagnostic SingleError(string text, Dictionary<string, string>? parameters = null)
    {
        var result = ProfileLoader.Load([new SourceText(text, "/t/bad.sb")], parameters ?? []);
        Assert.True(result.HasErrors);
        return Assert.Single(result.Diagnostics, d => d.IsError);
    }

    [Fact]
    public void Unbalanced_parentheses()
    {
        var error = SingleError("(version 1)\n(allow file-read*\n  (subpath \"/usr\")\n");
        Assert.Equal("/t/bad.sb:2:1: error SBPL1002: unbalanced `(` opened at 2:1", error.ToString());
    }

    [Fact]
    public void Unterminated_string()
    {
        var error = SingleError("(version 1)\n(allow file-read* (subpath \"/usr))\n");
        Assert.Equal("/t/bad.sb:2:28: error SBPL1001: unterminated string starting at 2:28", error.ToString());
    }

    [Fact]
    public void Unknown_operation_is_a_warning_and_the_rule_is_kept()
    {
        var result = ProfileLoader.Load([new SourceText("(version 1)\n(allow file-read-everything (subpath \"/\"))\n", "/t/w.sb")], new Dictionary<string, string>());
        Assert.False(result.HasErrors);
        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal("/t/w.sb:2:8: warning SBPL3101: unknown operation `file-read-everything`; accepted, but nothing is known about what it covers", warning.ToString());
        Assert.Equal(["file-read-everything"], Assert.Single(result.Profile.Rules).Operations);
    }

    [Fact]
    public void Unknown_filter()
    {
        var error = SingleError("(version 1)\n(allow file-read* (sub-path \"/usr\"))\n");
        Assert.Equal("/t/bad.sb:2:20: error SBPL2002: unknown filter `sub-path`", error.ToString());
    }

    [Fact]
    public void Bad_filter_argument()
    {
        var error = SingleError("(version 1)\n(allow file-read* (subpath #t))\n");
        Assert.Equal("/t/bad.sb:2:28: error SBPL2003: invalid data type of path filter; expected pattern, got boolean", error.ToString());
    }

    [Fact]
    public void Bad_named_argument()
    {
        var error = SingleError("(version 1)\n(allow file-read* (vnode-type SOCK_STREAM))\n");
        Assert.Equal(EvaluationDiagnosticCodes.InvalidFilterArgument, error.Code);
        Assert.StartsWith("invalid argument `SOCK_STREAM` to vnode-type; expected one of BLOCK-DEVICE, CHARACTER-DEVICE", error.Message, StringComparison.Ordinal);
        Assert.Equal(31, error.Location!.Start.Column);
    }

    [Fact]
    public void Literal_ip_address()
    {
        var error = SingleError("(version 1)\n(allow network-outbound (remote tcp \"127.0.0.1:80\"))\n");
        Assert.Equal("/t/bad.sb:2:37: error SBPL3102: host must be * or localhost in network address \"127.0.0.1:80\"", error.ToString());
    }

    [Theory]
    [InlineData("\"localhost:http\"", "invalid port `http`")]
    [InlineData("\"localhost:65536\"", "invalid port `65536`")]
    [InlineData("\"localhost\"", "invalid network address \"localhost\"")]
    public void Bad_network_address(string address, string message)
    {
        var error = SingleError($"(version 1)\n(allow network-outbound (remote tcp {address}))\n");
        Assert.Equal(EvaluationDiagnosticCodes.NetworkAddress, error.Code);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_parameter_used_as_a_filter()
    {
        var error = SingleError("(version 1)\n(allow file-read* (subpath (param \"WORKDIR\")))\n");
        Assert.Equal(
            "/t/bad.sb:2:28: error SBPL2005: parameter WORKDIR is not defined (pass -D WORKDIR=…): the path filter needs a pattern, got #f",
            error.ToString());
    }

    [Fact]
    public void Missing_parameter_used_in_string_append()
    {
        var error = SingleError("(version 1)\n(define home (param \"HOME\"))\n(allow file-read* (literal (string-append home \"/.x\")))\n");
        Assert.Equal(EvaluationDiagnosticCodes.MissingParameter, error.Code);
        Assert.Equal("parameter HOME is not defined (pass -D HOME=…): string-append needs a string as argument 1", error.Message);
        Assert.Equal("/t/bad.sb:3:43", error.Location!.ToString());
    }

    [Fact]
    public void Missing_version()
    {
        var error = SingleError("(deny default)\n");
        Assert.Equal("/t/bad.sb:1:1: error SBPL2006: no version specified", error.ToString());
    }

    [Theory]
    [InlineData("(version 2)", "unsupported version 2; only (version 1) exists")]
    [InlineData("(version 1) (version 2)", "only one version may be specified")]
    public void Bad_version(string text, string message) => Assert.Equal(message, SingleError(text).Message);

    [Fact]
    public void Unbound_variable()
    {
        var error = SingleError("(version 1)\n(define x (string-append \"a\" y))\n");
        Assert.Equal("/t/bad.sb:2:30: error SBPL2001: unbound variable: y", error.ToString());
    }

    [Fact]
    public void Calling_with_the_wrong_number_of_arguments()
    {
        var error = SingleError("(version 1)\n(define (f a b) a)\n(f 1)\n");
        Assert.Equal("/t/bad.sb:3:1: error SBPL2004: f: expected 2 arguments, got 1", error.ToString());
    }

    [Fact]
    public void Rule_without_an_operation()
    {
        var error = SingleError("(version 1)\n(allow (subpath \"/\"))\n");
        Assert.Equal("allow: expected at least one operation, such as file-read*", error.Message);
    }

    [Fact]
    public void Rule_with_a_string_where_an_operation_belongs()
    {
        var error = SingleError("(version 1)\n(allow \"file-read*\")\n");
        Assert.Equal("/t/bad.sb:2:8: error SBPL2013: allow: expected an operation, filter or modifier, got string \"file-read*\"", error.ToString());
    }

    [Fact]
    public void Require_not_takes_exactly_one_filter()
    {
        var error = SingleError("(version 1)\n(allow file-read* (require-not (literal \"/a\") (literal \"/b\")))\n");
        Assert.Equal("require-not: expected 1 argument, got 2", error.Message);
    }

    [Fact]
    public void Unknown_modifier()
    {
        var error = SingleError("(version 1)\n(deny file-read* (with loudly))\n");
        Assert.Equal("/t/bad.sb:2:24: error SBPL2014: unknown modifier `loudly`", error.ToString());
    }

    [Fact]
    public void Evaluation_stops_at_the_first_error_keeping_earlier_rules()
    {
        var result = ProfileLoader.Load([new SourceText("(version 1)\n(deny default)\n(oops)\n(allow file-read*)\n", "/t/x.sb")], new Dictionary<string, string>());
        Assert.Single(result.Diagnostics);
        Assert.Single(result.Profile.Rules);
    }

    [Fact]
    public void A_syntax_error_anywhere_means_nothing_is_evaluated()
    {
        var result = ProfileLoader.Load(
            [new SourceText("(version 1)\n(deny default)\n", "/t/a.sb"), new SourceText("(allow file-read*\n", "/t/b.sb")],
            new Dictionary<string, string>());
        Assert.Equal(SyntaxDiagnosticCodes.UnbalancedOpenParen, Assert.Single(result.Diagnostics).Code);
        Assert.Empty(result.Profile.Rules);
    }

    [Fact]
    public void A_missing_file_is_a_diagnostic_not_an_exception()
    {
        var result = ProfileLoader.LoadFiles(["/nonexistent/dir/p.sb"], new Dictionary<string, string>());
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(EvaluationDiagnosticCodes.CannotReadFile, error.Code);
        Assert.Contains("/nonexistent/dir/p.sb", error.Message, StringComparison.Ordinal);
    }
}
