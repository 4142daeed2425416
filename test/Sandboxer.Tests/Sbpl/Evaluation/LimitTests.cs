using Sandboxer.Sbpl.Evaluation;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Tests.Sbpl.Evaluation;

/// <summary>Hostile profiles stop with a clear error; they never hang or crash the process.</summary>
public sealed class LimitTests
{
    private static LoadResult Load(string text, EvaluationLimits? limits = null) =>
        ProfileLoader.Load([new SourceText("(version 1)\n" + text, "/t/hostile.sb")], new Dictionary<string, string>(), new LoadOptions { Limits = limits ?? EvaluationLimits.Default });

    private static string SingleError(string text, EvaluationLimits? limits = null)
    {
        var result = Load(text, limits);
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal(EvaluationDiagnosticCodes.LimitExceeded, error.Code);
        Assert.NotNull(error.Location);
        return error.Message;
    }

    [Fact]
    public void An_endless_loop_runs_out_of_steps() =>
        Assert.Equal("evaluation took more than 100000 steps (an endless loop?)", SingleError("(define (f) (f))\n(f)\n", new EvaluationLimits { MaxSteps = 100_000 }));

    [Fact]
    public void Endless_recursion_runs_out_of_depth() =>
        Assert.Equal("evaluation nested deeper than 1000 levels (an endless recursion?)", SingleError("(define (f n) (+ 1 (f n)))\n(f 1)\n"));

    [Fact]
    public void The_clr_stack_is_guarded_even_with_no_depth_limit()
    {
        LoadResult? result = null;
        var thread = new Thread(
            () => result = Load("(define (f n) (+ 1 (f n)))\n(f 1)\n", new EvaluationLimits { MaxDepth = int.MaxValue, MaxSteps = long.MaxValue }),
            maxStackSize: 512 * 1024);
        thread.Start();
        thread.Join();
        var error = Assert.Single(result!.Diagnostics);
        Assert.Equal(EvaluationDiagnosticCodes.LimitExceeded, error.Code);
        Assert.StartsWith("evaluation nested deeper than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Doubling_a_string_stops_at_the_string_limit()
    {
        var message = SingleError("(define (f s n) (if (= n 0) s (f (string-append s s) (- n 1))))\n(f \"ab\" 64)\n");
        Assert.Equal("string-append: result longer than 1000000 characters", message);
    }

    [Fact]
    public void Emitting_rules_forever_stops_at_the_rule_limit() =>
        Assert.Equal("the profile emits more than 1000 rules", SingleError("(let loop () (allow file-read*) (loop))\n", new EvaluationLimits { MaxRules = 1000 }));

    [Fact]
    public void Filters_cannot_nest_without_bound() =>
        Assert.Equal(
            "filters nested deeper than 64 levels",
            SingleError("(define (f x n) (if (= n 0) x (f (require-not x) (- n 1))))\n(allow file-read* (f (literal \"/\") 1000))\n"));

    [Fact]
    public void Deeply_nested_data_compares_and_prints_without_recursion()
    {
        var result = Load("""
            (define (nest x n) (if (= n 0) x (nest (list x) (- n 1))))
            (define a (nest 1 30000))
            (if (equal? a (nest 1 30000)) (deny default))
            (subpath a)
            """);
        Assert.Single(result.Profile.Rules);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(EvaluationDiagnosticCodes.WrongType, error.Code);
        Assert.True(error.Message.Length < 300);
    }

    [Fact]
    public void Imports_cannot_recurse_without_bound()
    {
        var directory = Directory.CreateTempSubdirectory("sandboxer-limit-").FullName;
        try
        {
            for (var i = 0; i < 40; i++)
            {
                File.WriteAllText(Path.Combine(directory, $"f{i}.sb"), $"(import \"f{i + 1}.sb\")\n");
            }

            File.WriteAllText(Path.Combine(directory, "f40.sb"), "(version 1)\n");
            var result = ProfileLoader.LoadFiles([Path.Combine(directory, "f0.sb")], new Dictionary<string, string>());
            Assert.Equal("imports nested deeper than 32 levels", Assert.Single(result.Diagnostics).Message);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
