using Sandboxer.Sbpl.Evaluation;
using Sandboxer.Sbpl.Syntax;

namespace Sandboxer.Tests.Sbpl.Evaluation;

/// <summary>The TinyScheme subset: each case evaluates an expression and compares its printed value.</summary>
public sealed class SchemeSubsetTests
{
    internal static SchemeValue Evaluate(string code, Dictionary<string, string>? parameters = null)
    {
        var evaluator = new ProfileEvaluator(parameters ?? [], LoadOptions.Default);
        var tree = SbplSyntaxTree.Parse(code, "/t/subset.sb");
        Assert.False(tree.HasErrors, string.Join("\n", tree.Diagnostics));
        evaluator.EvaluateFile(tree);
        Assert.True(evaluator.Interpreter.Global.TryLookup("result", out var value), "the code must define `result`");
        return value;
    }

    private static string Result(string expression) => Evaluate($"(define result {expression})").Display();

    [Theory]
    [InlineData("(+ 1 2 3)", "6")]
    [InlineData("(- 10 4 1)", "5")]
    [InlineData("(- 5)", "-5")]
    [InlineData("(* 2 3 4)", "24")]
    [InlineData("(quotient 17 5)", "3")]
    [InlineData("(remainder -7 2)", "-1")]
    [InlineData("(modulo -7 2)", "1")]
    [InlineData("(< 1 2 3)", "#t")]
    [InlineData("(>= 1014 1013)", "#t")]
    [InlineData("(= 2 2 3)", "#f")]
    [InlineData("(max 1 9 3)", "9")]
    [InlineData("#o0004", "4")]
    public void Integer_arithmetic(string expression, string expected) => Assert.Equal(expected, Result(expression));

    [Theory]
    [InlineData("(string-append \"a\" \"b\" \"c\")", "\"abc\"")]
    [InlineData("(string-length \"hello\")", "5")]
    [InlineData("(substring \"hello\" 1 3)", "\"el\"")]
    [InlineData("(substring \"hello\" 2)", "\"llo\"")]
    [InlineData("(string=? \"a\" \"a\")", "#t")]
    [InlineData("(string? \"a\")", "#t")]
    [InlineData("(string? 'a)", "#f")]
    [InlineData("(string-prefix? \"/System/Volumes/Data/x\" \"/System/Volumes/Data/\")", "#t")]
    [InlineData("(string->number \"1014\")", "1014")]
    [InlineData("(string->number \"ten\")", "#f")]
    [InlineData("(number->string 42)", "\"42\"")]
    [InlineData("(symbol->string 'abc)", "\"abc\"")]
    [InlineData("(string->symbol \"abc\")", "abc")]
    [InlineData("(regex-quote \"a.b[c]$(d)|*+?{e}\\\\^\")", "\"a\\\\.b\\\\[c]\\\\$\\\\(d\\\\)\\\\|\\\\*\\\\+\\\\?\\\\{e}\\\\\\\\\\\\^\"")]
    public void Strings(string expression, string expected) => Assert.Equal(expected, Result(expression));

    [Theory]
    [InlineData("(list 1 2 3)", "(1 2 3)")]
    [InlineData("(cons 1 '(2))", "(1 2)")]
    [InlineData("(cons 1 2)", "(1 . 2)")]
    [InlineData("(car '(a b))", "a")]
    [InlineData("(cdr '(a b))", "(b)")]
    [InlineData("(cadr '(a b c))", "b")]
    [InlineData("(length '(a b c))", "3")]
    [InlineData("(append '(1) '(2 3) '())", "(1 2 3)")]
    [InlineData("(reverse '(1 2 3))", "(3 2 1)")]
    [InlineData("(null? '())", "#t")]
    [InlineData("(pair? '())", "#f")]
    [InlineData("(map (lambda (x) (* x x)) '(1 2 3))", "(1 4 9)")]
    [InlineData("(map + '(1 2) '(10 20))", "(11 22)")]
    [InlineData("(filter odd? '(1 2 3 4 5))", "(1 3 5)")]
    [InlineData("(apply + 1 2 '(3 4))", "10")]
    [InlineData("(member \"b\" '(\"a\" \"b\"))", "(\"b\")")]
    [InlineData("(assoc \"b\" '((\"a\" 1) (\"b\" 2)))", "(\"b\" 2)")]
    [InlineData("(partition odd? '(1 2 3))", "((1 3) (2))")]
    public void Lists(string expression, string expected) => Assert.Equal(expected, Result(expression));

    [Theory]
    [InlineData("(equal? \"a\" \"a\")", "#t")]
    [InlineData("(equal? '(1 (2 \"x\")) '(1 (2 \"x\")))", "#t")]
    [InlineData("(eq? 'a 'a)", "#t")]
    [InlineData("(eqv? 2 2)", "#t")]
    [InlineData("(not #f)", "#t")]
    [InlineData("(not 0)", "#f")]
    [InlineData("(and 1 2)", "2")]
    [InlineData("(and 1 #f 2)", "#f")]
    [InlineData("(or #f 3)", "3")]
    [InlineData("(or)", "#f")]
    [InlineData("(if #f 1 2)", "2")]
    [InlineData("(cond ((= 1 2) 'a) ((= 1 1) 'b) (else 'c))", "b")]
    [InlineData("(cond (#f 1) (else 'fallback))", "fallback")]
    [InlineData("(cond ((assoc 2 '((1 a) (2 b))) => cadr))", "b")]
    [InlineData("(case 3 ((1 2) 'low) ((3 4) 'mid) (else 'high))", "mid")]
    [InlineData("(when (> 2 1) 'x 'y)", "y")]
    [InlineData("(unless (> 2 1) 'x)", "#<unspecified>")]
    [InlineData("(begin 1 2 3)", "3")]
    [InlineData("(let ((x 1) (y 2)) (+ x y))", "3")]
    [InlineData("(let* ((x 1) (y (+ x 1))) (* x y))", "2")]
    [InlineData("(letrec ((ev? (lambda (n) (if (= n 0) #t (od? (- n 1))))) (od? (lambda (n) (if (= n 0) #f (ev? (- n 1)))))) (ev? 10))", "#t")]
    [InlineData("(let loop ((i 0) (acc '())) (if (< i 3) (loop (+ i 1) (cons i acc)) acc))", "(2 1 0)")]
    [InlineData("((lambda args args) 1 2)", "(1 2)")]
    [InlineData("((lambda (a . rest) rest) 1 2 3)", "(2 3)")]
    [InlineData("`(1 ,(+ 1 1) ,@(list 3 4))", "(1 2 3 4)")]
    [InlineData("(quote (a . b))", "(a . b)")]
    [InlineData("(defined? 'string-append)", "#t")]
    [InlineData("(defined? 'no-such-thing)", "#f")]
    [InlineData("(defined? 'syscall-unix)", "#t")]
    [InlineData("(defined? 'iokit-registry-entry-class)", "#t")]
    [InlineData("(defined? `user-preference-read)", "#t")]
    [InlineData("(_IO \"h\" 47)", "26671")]
    public void Control_and_binding_forms(string expression, string expected) => Assert.Equal(expected, Result(expression));

    [Fact]
    public void Define_function_and_set()
    {
        var value = Evaluate("""
            (define counter 0)
            (define (bump! n) (set! counter (+ counter n)))
            (bump! 2)
            (bump! 3)
            (define result counter)
            """);
        Assert.Equal("5", value.Display());
    }

    [Fact]
    public void Define_inside_when_is_visible_afterwards_like_chromium_common()
    {
        var value = Evaluate("""
            (when #t (define (strip str count) (substring str count (string-length str))))
            (define result (strip "/System/Volumes/Data/Users/x" 20))
            """);
        Assert.Equal("\"/Users/x\"", value.Display());
    }

    [Fact]
    public void Param_returns_the_value_or_false_and_getenv_is_an_alias()
    {
        Assert.Equal("\"/Users/alice\"", Evaluate("(define result (param \"HOME\"))", new() { ["HOME"] = "/Users/alice" }).Display());
        Assert.Equal("#f", Evaluate("(define result (param \"HOME\"))").Display());
        Assert.Equal("\"x\"", Evaluate("(define result (getenv \"K\"))", new() { ["K"] = "x" }).Display());
    }

    [Fact]
    public void Named_filter_arguments_evaluate_to_their_names()
    {
        Assert.Equal("(\"REGULAR-FILE\" \"SIGKILL\" \"AF_INET\" \"SYS_read\" \"self\" \"children\")",
            Result("(list REGULAR-FILE SIGKILL AF_INET SYS_read self children)"));
    }

    [Fact]
    public void A_name_defined_by_the_profile_wins_over_a_named_argument()
    {
        Assert.Equal("9", Evaluate("(define SIGKILL 9) (define result SIGKILL)").Display());
    }

    [Fact]
    public void Operations_are_values_that_can_be_passed_around()
    {
        var value = Evaluate("(define (op x) x) (define result (list (op default) process-exec file-read*))");
        Assert.Equal("(default process-exec* file-read*)", value.Display());
    }

    [Fact]
    public void Tail_calls_run_in_constant_stack()
    {
        Assert.Equal("100000", Result("(let loop ((i 0)) (if (< i 100000) (loop (+ i 1)) i))"));
    }
}
