using System.Runtime.CompilerServices;

namespace Sandboxer.Sbpl.Evaluation;

/// <summary>
/// Evaluates SBPL's TinyScheme subset. Tail calls (the last expression of a body, the branches of <c>if</c>,
/// <c>cond</c>, <c>and</c>, …) loop instead of recursing, so a named-<c>let</c> loop runs in constant stack; every
/// step, nesting level and string is counted against <see cref="EvaluationLimits"/>.
/// </summary>
internal sealed partial class Interpreter
{
    private long _steps;
    private int _depth;

    public Interpreter(EvaluationSession session)
    {
        Session = session;
        Global = new SchemeEnvironment(null);
        StandardProcedures.Register(this);
        SbplProcedures.Register(this);
        FilterProcedures.Register(this);
    }

    public EvaluationSession Session { get; }

    public SchemeEnvironment Global { get; }

    public EvaluationLimits Limits => Session.Limits;

    public long StepsTaken => _steps;

    public void Define(BuiltinProcedure procedure) => Global.Define(procedure.Name, procedure);

    public void Define(string name, int minArguments, int maxArguments, Func<CallContext, SchemeValue> body) =>
        Global.Define(name, new BuiltinProcedure(name, minArguments, maxArguments, body));

    /// <summary>Charges <paramref name="steps"/> against the step limit.</summary>
    public void Charge(long steps)
    {
        _steps += steps;
        if (_steps > Limits.MaxSteps)
        {
            throw new EvaluationException(
                EvaluationDiagnosticCodes.LimitExceeded,
                $"evaluation took more than {Limits.MaxSteps} steps (an endless loop?)");
        }
    }

    /// <summary>A new string value, refused when longer than the limit; copying it costs steps.</summary>
    public SchemeString MakeString(string value)
    {
        if (value.Length > Limits.MaxStringLength)
        {
            throw new EvaluationException(
                EvaluationDiagnosticCodes.LimitExceeded,
                $"string longer than {Limits.MaxStringLength} characters");
        }

        Charge(value.Length / 256);
        return new SchemeString(value);
    }

    public SchemeValue Eval(SchemeValue expression, SchemeEnvironment environment)
    {
        EnterNesting();
        SourceRef? current = null;
        try
        {
            while (true)
            {
                Charge(1);
                switch (expression)
                {
                    case SchemeSymbol symbol:
                        return Lookup(symbol, environment);
                    case SchemePair pair:
                        current = pair.Origin ?? current;
                        if (pair.Car is SchemeSymbol head && IsSpecialForm(head.Name))
                        {
                            var outcome = EvalSpecialForm(head.Name, pair, environment);
                            if (outcome.Expression is { } next)
                            {
                                expression = next;
                                environment = outcome.Environment!;
                                continue;
                            }

                            return outcome.Value!;
                        }

                        var (procedure, arguments, origins) = EvalCall(pair, environment);
                        if (procedure is Closure closure)
                        {
                            environment = Bind(closure, arguments, pair.Origin);
                            expression = EvalBodyExceptLast(closure.Body, environment);
                            continue;
                        }

                        return Invoke((BuiltinProcedure)procedure, arguments, origins, pair.Origin, environment);
                    default:
                        return expression;
                }
            }
        }
        catch (EvaluationException error) when (error.Location is null && current is not null)
        {
            throw error.WithLocation(current.Location);
        }
        finally
        {
            _depth--;
        }
    }

    /// <summary>Calls <paramref name="procedure"/> from a builtin (<c>map</c>, <c>apply</c>, <c>for-each</c>).</summary>
    public SchemeValue Apply(SchemeValue procedure, IReadOnlyList<SchemeValue> arguments, SourceRef? form)
    {
        Charge(1);
        switch (procedure)
        {
            case Closure closure:
                var environment = Bind(closure, arguments, form);
                var last = EvalBodyExceptLast(closure.Body, environment);
                return Eval(last, environment);
            case BuiltinProcedure builtin:
                return Invoke(builtin, arguments, [], form);
            default:
                throw new EvaluationException(
                    EvaluationDiagnosticCodes.NotAProcedure,
                    $"attempt to call {Errors.Describe(procedure)}, which is not a procedure",
                    form?.Location);
        }
    }

    public bool IsBound(string name) => Global.TryLookup(name, out _) || NamedArguments.IsNamedArgument(name);

    private void EnterNesting()
    {
        _depth++;
        if (_depth > Limits.MaxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            _depth--;
            throw new EvaluationException(
                EvaluationDiagnosticCodes.LimitExceeded,
                $"evaluation nested deeper than {Limits.MaxDepth} levels (an endless recursion?)");
        }
    }

    private static SchemeValue Lookup(SchemeSymbol symbol, SchemeEnvironment environment)
    {
        if (environment.TryLookup(symbol.Name, out var value))
        {
            return value;
        }

        if (NamedArguments.IsNamedArgument(symbol.Name))
        {
            return new SchemeString(symbol.Name) { Origin = symbol.Origin };
        }

        throw new EvaluationException(
            EvaluationDiagnosticCodes.UnboundVariable,
            "unbound variable: " + symbol.Name,
            symbol.Origin?.Location,
            symbol.Name);
    }

    private (SchemeProcedure Procedure, List<SchemeValue> Arguments, List<SourceRef?> Origins) EvalCall(SchemePair pair, SchemeEnvironment environment)
    {
        var procedureValue = Eval(pair.Car, environment);
        if (procedureValue is not SchemeProcedure procedure)
        {
            throw new EvaluationException(
                EvaluationDiagnosticCodes.NotAProcedure,
                $"attempt to call {Errors.Describe(procedureValue)}, which is not a procedure",
                pair.Origin?.Location ?? pair.Car.Origin?.Location);
        }

        var builtin = procedure as BuiltinProcedure;
        var arguments = new List<SchemeValue>();
        var origins = new List<SourceRef?>();
        SchemeValue rest = pair.Cdr;
        while (rest is SchemePair argument)
        {
            var value = builtin is { TakesOperations: true } or { TakesFilters: true }
                ? EvalRuleArgument(argument.Car, environment, builtin.TakesOperations)
                : Eval(argument.Car, environment);
            arguments.Add(value);
            origins.Add(argument.Car.Origin);
            rest = argument.Cdr;
        }

        if (rest is not SchemeEmptyList)
        {
            throw Errors.BadSyntax("a procedure call cannot be a dotted list", pair.Origin);
        }

        return (procedure, arguments, origins);
    }

    /// <summary>
    /// Evaluates an argument of <c>allow</c>/<c>deny</c> or of a filter combinator. There an undefined bare symbol is
    /// an operation newer than our catalogue (accepted with a warning), and an undefined name called as a
    /// procedure is an unknown filter.
    /// </summary>
    private SchemeValue EvalRuleArgument(SchemeValue expression, SchemeEnvironment environment, bool operationsAllowed)
    {
        switch (expression)
        {
            case SchemeSymbol symbol when operationsAllowed && !environment.TryLookup(symbol.Name, out _) && !NamedArguments.IsNamedArgument(symbol.Name):
                Session.Warn(
                    EvaluationDiagnosticCodes.UnknownOperation,
                    $"unknown operation `{symbol.Name}`; accepted, but nothing is known about what it covers",
                    symbol.Origin?.Location);
                return new OperationValue(symbol.Name, isKnown: false) { Origin = symbol.Origin };
            case SchemePair { Car: SchemeSymbol head } when !IsSpecialForm(head.Name) && !environment.TryLookup(head.Name, out _):
                throw new EvaluationException(
                    EvaluationDiagnosticCodes.UnknownFilter,
                    $"unknown filter `{head.Name}`",
                    head.Origin?.Location,
                    head.Name);
            default:
                return Eval(expression, environment);
        }
    }

    private SchemeValue Invoke(BuiltinProcedure builtin, IReadOnlyList<SchemeValue> arguments, IReadOnlyList<SourceRef?> origins, SourceRef? form, SchemeEnvironment? environment = null)
    {
        if (arguments.Count < builtin.MinArguments || (builtin.MaxArguments >= 0 && arguments.Count > builtin.MaxArguments))
        {
            throw new EvaluationException(
                EvaluationDiagnosticCodes.WrongArgumentCount,
                $"{builtin.Name}: expected {ArityText(builtin.MinArguments, builtin.MaxArguments)}, got {arguments.Count}",
                form?.Location);
        }

        try
        {
            return builtin.Body(new CallContext(this, builtin.Name, arguments, origins, form, environment));
        }
        catch (EvaluationException error) when (error.Location is null)
        {
            throw error.WithLocation(form?.Location);
        }
    }

    private static string ArityText(int min, int max) => (min, max) switch
    {
        (1, 1) => "1 argument",
        _ when min == max => $"{min} arguments",
        (_, < 0) => $"at least {min} argument{(min == 1 ? string.Empty : "s")}",
        _ => $"{min} to {max} arguments",
    };

    private static SchemeEnvironment Bind(Closure closure, IReadOnlyList<SchemeValue> arguments, SourceRef? form)
    {
        var count = closure.Parameters.Count;
        if (arguments.Count < count || (closure.RestParameter is null && arguments.Count > count))
        {
            var expected = closure.RestParameter is null ? ArityText(count, count) : ArityText(count, -1);
            throw new EvaluationException(
                EvaluationDiagnosticCodes.WrongArgumentCount,
                $"{closure.Name}: expected {expected}, got {arguments.Count}",
                form?.Location);
        }

        var environment = new SchemeEnvironment(closure.Environment);
        for (var i = 0; i < count; i++)
        {
            environment.Define(closure.Parameters[i], arguments[i]);
        }

        if (closure.RestParameter is { } rest)
        {
            environment.Define(rest, SchemePair.FromList([.. arguments.Skip(count)]));
        }

        return environment;
    }

    /// <summary>Evaluates every body expression but the last, which is returned for the caller to evaluate as a tail call.</summary>
    private SchemeValue EvalBodyExceptLast(IReadOnlyList<SchemeValue> body, SchemeEnvironment environment)
    {
        if (body.Count == 0)
        {
            return SchemeUnspecified.Instance;
        }

        for (var i = 0; i < body.Count - 1; i++)
        {
            Eval(body[i], environment);
        }

        return body[body.Count - 1];
    }
}
