using System.Collections.Frozen;

namespace Sandboxer.Sbpl.Evaluation;

internal sealed partial class Interpreter
{
    private static readonly FrozenSet<string> SpecialFormNames = new[]
    {
        "quote", "quasiquote", "unquote", "unquote-splicing", "if", "define", "set!", "lambda", "begin",
        "let", "let*", "letrec", "letrec*", "cond", "case", "and", "or", "when", "unless",
        "with", "with-filter", "with-modifier", "debug",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The result of a special form: a value, or an expression to evaluate next in tail position.</summary>
    private readonly record struct Outcome(SchemeValue? Value, SchemeValue? Expression, SchemeEnvironment? Environment)
    {
        public static Outcome Of(SchemeValue value) => new(value, null, null);

        public static Outcome Tail(SchemeValue expression, SchemeEnvironment environment) => new(null, expression, environment);
    }

    public static bool IsSpecialForm(string name) => SpecialFormNames.Contains(name);

    private Outcome EvalSpecialForm(string name, SchemePair form, SchemeEnvironment environment)
    {
        var args = SchemePair.ToList(form.Cdr) ?? throw Errors.BadSyntax($"bad syntax in `{name}`: dotted list", form.Origin);
        switch (name)
        {
            case "quote":
                ExpectCount(name, args, 1, 1, form);
                return Outcome.Of(args[0]);
            case "quasiquote":
                ExpectCount(name, args, 1, 1, form);
                return Outcome.Of(Quasiquote(args[0], environment, 1));
            case "unquote":
            case "unquote-splicing":
                throw Errors.BadSyntax($"`{name}` outside quasiquote", form.Origin);
            case "if":
                ExpectCount(name, args, 2, 3, form);
                if (Eval(args[0], environment).IsTrue)
                {
                    return Outcome.Tail(args[1], environment);
                }

                return args.Count == 3 ? Outcome.Tail(args[2], environment) : Outcome.Of(SchemeUnspecified.Instance);
            case "define":
                return Outcome.Of(EvalDefine(args, environment, form));
            case "set!":
                ExpectCount(name, args, 2, 2, form);
                var target = args[0] as SchemeSymbol ?? throw Errors.BadSyntax("set!: expected a variable name", form.Origin);
                var newValue = Eval(args[1], environment);
                if (!environment.TrySet(target.Name, newValue))
                {
                    throw new EvaluationException(
                        EvaluationDiagnosticCodes.UnboundVariable,
                        "unbound variable: " + target.Name,
                        target.Origin?.Location,
                        target.Name);
                }

                return Outcome.Of(SchemeUnspecified.Instance);
            case "lambda":
                ExpectCount(name, args, 1, -1, form);
                var (parameters, rest) = ParseParameters(args[0], form);
                return Outcome.Of(new Closure("lambda", parameters, rest, args.Skip(1).ToList(), environment));
            case "begin":
                return Sequence(args, environment);
            case "let":
                return EvalLet(args, environment, form);
            case "let*":
                return EvalLetStar(args, environment, form);
            case "letrec":
            case "letrec*":
                return EvalLetrec(name, args, environment, form);
            case "cond":
                return EvalCond(args, environment, form);
            case "case":
                return EvalCase(args, environment, form);
            case "and":
                for (var i = 0; i < args.Count - 1; i++)
                {
                    var value = Eval(args[i], environment);
                    if (!value.IsTrue)
                    {
                        return Outcome.Of(value);
                    }
                }

                return args.Count == 0 ? Outcome.Of(SchemeBoolean.True) : Outcome.Tail(args[^1], environment);
            case "or":
                for (var i = 0; i < args.Count - 1; i++)
                {
                    var value = Eval(args[i], environment);
                    if (value.IsTrue)
                    {
                        return Outcome.Of(value);
                    }
                }

                return args.Count == 0 ? Outcome.Of(SchemeBoolean.False) : Outcome.Tail(args[^1], environment);
            case "when":
            case "unless":
                ExpectCount(name, args, 1, -1, form);
                var test = Eval(args[0], environment).IsTrue;
                return test == (name == "when") ? Sequence(args.Skip(1).ToList(), environment) : Outcome.Of(SchemeUnspecified.Instance);
            case "with":
                return Outcome.Of(Modifiers.Evaluate(this, args, environment, form));
            case "with-filter":
                return Outcome.Of(EvalWithFilter(args, environment, form));
            case "with-modifier":
                return Outcome.Of(EvalWithModifier(args, environment, form));
            default:
                // debug: a no-op macro in libsandbox's sbpl_v1.scm; its arguments are not evaluated.
                return Outcome.Of(SchemeUnspecified.Instance);
        }
    }

    private static void ExpectCount(string name, List<SchemeValue> args, int min, int max, SchemePair form)
    {
        if (args.Count < min || (max >= 0 && args.Count > max))
        {
            throw new EvaluationException(
                EvaluationDiagnosticCodes.BadSyntax,
                $"bad syntax in `{name}`: expected {ArityText(min, max)}, got {args.Count}",
                form.Origin?.Location);
        }
    }

    private Outcome Sequence(List<SchemeValue> body, SchemeEnvironment environment)
    {
        if (body.Count == 0)
        {
            return Outcome.Of(SchemeUnspecified.Instance);
        }

        return Outcome.Tail(EvalBodyExceptLast(body, environment), environment);
    }

    private SchemeUnspecified EvalDefine(List<SchemeValue> args, SchemeEnvironment environment, SchemePair form)
    {
        ExpectCount("define", args, 1, -1, form);
        switch (args[0])
        {
            case SchemeSymbol variable:
                ExpectCount("define", args, 2, 2, form);
                var value = Eval(args[1], environment);
                if (value is Closure { Name: "lambda" } anonymous)
                {
                    value = new Closure(variable.Name, anonymous.Parameters, anonymous.RestParameter, anonymous.Body, anonymous.Environment);
                }

                environment.Define(variable.Name, value);
                return SchemeUnspecified.Instance;
            case SchemePair { Car: SchemeSymbol function } signature:
                var (parameters, rest) = ParseParameters(signature.Cdr, form);
                environment.Define(function.Name, new Closure(function.Name, parameters, rest, args.Skip(1).ToList(), environment));
                return SchemeUnspecified.Instance;
            default:
                throw Errors.BadSyntax("define: expected a name or (name parameters…)", form.Origin);
        }
    }

    private static (List<string> Parameters, string? RestName) ParseParameters(SchemeValue spec, SchemePair form)
    {
        var parameters = new List<string>();
        while (spec is SchemePair pair)
        {
            if (pair.Car is not SchemeSymbol symbol)
            {
                throw Errors.BadSyntax($"parameter must be a name, got {Errors.Describe(pair.Car)}", form.Origin);
            }

            parameters.Add(symbol.Name);
            spec = pair.Cdr;
        }

        return spec switch
        {
            SchemeEmptyList => (parameters, null),
            SchemeSymbol rest => (parameters, rest.Name),
            _ => throw Errors.BadSyntax($"bad parameter list: {Errors.Describe(spec)}", form.Origin),
        };
    }

    private static List<(SchemeSymbol Name, SchemeValue Init)> ParseBindings(SchemeValue spec, string name, SchemePair form)
    {
        var bindings = new List<(SchemeSymbol, SchemeValue)>();
        var list = SchemePair.ToList(spec) ?? throw Errors.BadSyntax($"bad syntax in `{name}`: expected a list of bindings", form.Origin);
        foreach (var binding in list)
        {
            if (SchemePair.ToList(binding) is [SchemeSymbol variable, var init])
            {
                bindings.Add((variable, init));
            }
            else
            {
                throw Errors.BadSyntax($"bad binding in `{name}`: expected (name value), got {Errors.Describe(binding)}", form.Origin);
            }
        }

        return bindings;
    }

    private Outcome EvalLet(List<SchemeValue> args, SchemeEnvironment environment, SchemePair form)
    {
        ExpectCount("let", args, 1, -1, form);
        if (args[0] is SchemeSymbol loopName)
        {
            // Named let: (let loop ((i 0)) body…) binds loop to a procedure over the bindings' names.
            ExpectCount("let", args, 2, -1, form);
            var loopBindings = ParseBindings(args[1], "let", form);
            var initial = loopBindings.Select(b => Eval(b.Init, environment)).ToList();
            var loopEnvironment = new SchemeEnvironment(environment);
            var loop = new Closure(loopName.Name, [.. loopBindings.Select(b => b.Name.Name)], null, args.Skip(2).ToList(), loopEnvironment);
            loopEnvironment.Define(loopName.Name, loop);
            var body = Bind(loop, initial, form.Origin);
            return Sequence(loop.Body.ToList(), body);
        }

        var bindings = ParseBindings(args[0], "let", form);
        var values = bindings.Select(b => Eval(b.Init, environment)).ToList();
        var frame = new SchemeEnvironment(environment);
        for (var i = 0; i < bindings.Count; i++)
        {
            frame.Define(bindings[i].Name.Name, values[i]);
        }

        return Sequence(args.Skip(1).ToList(), frame);
    }

    private Outcome EvalLetStar(List<SchemeValue> args, SchemeEnvironment environment, SchemePair form)
    {
        ExpectCount("let*", args, 1, -1, form);
        var frame = environment;
        foreach (var (variable, init) in ParseBindings(args[0], "let*", form))
        {
            var value = Eval(init, frame);
            frame = new SchemeEnvironment(frame);
            frame.Define(variable.Name, value);
        }

        return Sequence(args.Skip(1).ToList(), new SchemeEnvironment(frame));
    }

    private Outcome EvalLetrec(string name, List<SchemeValue> args, SchemeEnvironment environment, SchemePair form)
    {
        ExpectCount(name, args, 1, -1, form);
        var frame = new SchemeEnvironment(environment);
        foreach (var (variable, init) in ParseBindings(args[0], name, form))
        {
            frame.Define(variable.Name, Eval(init, frame));
        }

        return Sequence(args.Skip(1).ToList(), frame);
    }

    private Outcome EvalCond(List<SchemeValue> clauses, SchemeEnvironment environment, SchemePair form)
    {
        foreach (var clause in clauses)
        {
            var parts = SchemePair.ToList(clause);
            if (parts is not { Count: > 0 })
            {
                throw Errors.BadSyntax($"bad clause in `cond`: {Errors.Describe(clause)}", form.Origin);
            }

            if (parts[0] is SchemeSymbol { Name: "else" })
            {
                return Sequence(parts.Skip(1).ToList(), environment);
            }

            var test = Eval(parts[0], environment);
            if (!test.IsTrue)
            {
                continue;
            }

            if (parts.Count == 1)
            {
                return Outcome.Of(test);
            }

            if (parts[1] is SchemeSymbol { Name: "=>" })
            {
                if (parts.Count != 3)
                {
                    throw Errors.BadSyntax("bad clause in `cond`: expected (test => procedure)", form.Origin);
                }

                return Outcome.Of(Apply(Eval(parts[2], environment), [test], form.Origin));
            }

            return Sequence(parts.Skip(1).ToList(), environment);
        }

        return Outcome.Of(SchemeUnspecified.Instance);
    }

    private Outcome EvalCase(List<SchemeValue> args, SchemeEnvironment environment, SchemePair form)
    {
        ExpectCount("case", args, 1, -1, form);
        var key = Eval(args[0], environment);
        foreach (var clause in args.Skip(1))
        {
            var parts = SchemePair.ToList(clause);
            if (parts is not { Count: > 0 })
            {
                throw Errors.BadSyntax($"bad clause in `case`: {Errors.Describe(clause)}", form.Origin);
            }

            var matches = parts[0] is SchemeSymbol { Name: "else" }
                || (SchemePair.ToList(parts[0]) ?? throw Errors.BadSyntax("bad clause in `case`: expected a list of data", form.Origin))
                    .Any(datum => SchemeEquality.Eqv(datum, key));
            if (matches)
            {
                return Sequence(parts.Skip(1).ToList(), environment);
            }
        }

        return Outcome.Of(SchemeUnspecified.Instance);
    }

    private SchemeValue Quasiquote(SchemeValue template, SchemeEnvironment environment, int level)
    {
        if (template is not SchemePair pair)
        {
            return template;
        }

        if (pair.Car is SchemeSymbol { Name: "unquote" or "quasiquote" } keyword && SchemePair.ToList(pair.Cdr) is [var operand])
        {
            if (keyword.Name == "unquote")
            {
                return level == 1
                    ? Eval(operand, environment)
                    : SchemePair.FromList([keyword, Quasiquote(operand, environment, level - 1)]);
            }

            return SchemePair.FromList([keyword, Quasiquote(operand, environment, level + 1)]);
        }

        var items = new List<SchemeValue>();
        SchemeValue rest = pair;
        while (rest is SchemePair cell)
        {
            if (cell.Car is SchemeSymbol { Name: "unquote" } && SchemePair.ToList(cell.Cdr) is [_])
            {
                // `(a . ,b): the unquote is the tail of the list.
                break;
            }

            if (level == 1 && cell.Car is SchemePair { Car: SchemeSymbol { Name: "unquote-splicing" } } splice
                && SchemePair.ToList(splice.Cdr) is [var spliced])
            {
                var value = Eval(spliced, environment);
                items.AddRange(SchemePair.ToList(value) ?? throw new EvaluationException(
                    EvaluationDiagnosticCodes.WrongType,
                    $"unquote-splicing: expected a list, got {Errors.Describe(value)}",
                    splice.Origin?.Location));
                Charge(items.Count);
            }
            else
            {
                items.Add(Quasiquote(cell.Car, environment, level));
            }

            rest = cell.Cdr;
        }

        var tail = rest is SchemeEmptyList ? rest : Quasiquote(rest, environment, level);
        return SchemePair.FromList(items, tail);
    }

    private SchemeUnspecified EvalWithFilter(List<SchemeValue> args, SchemeEnvironment environment, SchemePair form)
    {
        ExpectCount("with-filter", args, 1, -1, form);
        var filter = Eval(args[0], environment) as FilterValue
            ?? throw new EvaluationException(EvaluationDiagnosticCodes.WrongType, "with-filter: the first argument must be a filter", args[0].Origin?.Location ?? form.Origin?.Location);
        Session.FilterContext.Push(filter.Filter);
        try
        {
            foreach (var expression in args.Skip(1))
            {
                Eval(expression, environment);
            }
        }
        finally
        {
            Session.FilterContext.Pop();
        }

        return SchemeUnspecified.Instance;
    }

    private SchemeUnspecified EvalWithModifier(List<SchemeValue> args, SchemeEnvironment environment, SchemePair form)
    {
        ExpectCount("with-modifier", args, 1, -1, form);
        var modifier = Eval(args[0], environment) as ModifierValue
            ?? throw new EvaluationException(EvaluationDiagnosticCodes.WrongType, "with-modifier: the first argument must be a modifier such as (with report)", args[0].Origin?.Location ?? form.Origin?.Location);
        Session.ModifierContext.Push(modifier.Modifier);
        try
        {
            foreach (var expression in args.Skip(1))
            {
                Eval(expression, environment);
            }
        }
        finally
        {
            Session.ModifierContext.Pop();
        }

        return SchemeUnspecified.Instance;
    }
}
