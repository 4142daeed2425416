using System.Globalization;
using System.Text;

namespace Sandboxer.Sbpl.Evaluation;

/// <summary>
/// The TinyScheme library procedures SBPL profiles use: strings, integers, lists, equality and higher-order
/// helpers. Integers are 64-bit and checked; there are no real numbers.
/// </summary>
internal static class StandardProcedures
{
    public static void Register(Interpreter interpreter)
    {
        RegisterPredicates(interpreter);
        RegisterStrings(interpreter);
        RegisterArithmetic(interpreter);
        RegisterLists(interpreter);
        RegisterHigherOrder(interpreter);
        interpreter.Define("error", 0, -1, call =>
        {
            var parts = call.Arguments.Select(a => a is SchemeString s ? s.Value : a.Display());
            throw call.Fail(EvaluationDiagnosticCodes.UserError, "error: " + string.Join(' ', parts));
        });
    }

    private static void RegisterPredicates(Interpreter interpreter)
    {
        interpreter.Define("not", 1, 1, call => SchemeBoolean.Of(!call[0].IsTrue));
        interpreter.Define("eq?", 2, 2, call => SchemeBoolean.Of(SchemeEquality.Eqv(call[0], call[1])));
        interpreter.Define("eqv?", 2, 2, call => SchemeBoolean.Of(SchemeEquality.Eqv(call[0], call[1])));
        interpreter.Define("equal?", 2, 2, call => SchemeBoolean.Of(SchemeEquality.Equal(call[0], call[1])));
        interpreter.Define("string?", 1, 1, call => SchemeBoolean.Of(call[0] is SchemeString));
        interpreter.Define("symbol?", 1, 1, call => SchemeBoolean.Of(call[0] is SchemeSymbol));
        interpreter.Define("number?", 1, 1, call => SchemeBoolean.Of(call[0] is SchemeInteger));
        interpreter.Define("integer?", 1, 1, call => SchemeBoolean.Of(call[0] is SchemeInteger));
        interpreter.Define("boolean?", 1, 1, call => SchemeBoolean.Of(call[0] is SchemeBoolean));
        interpreter.Define("char?", 1, 1, call => SchemeBoolean.Of(call[0] is SchemeCharacter));
        interpreter.Define("procedure?", 1, 1, call => SchemeBoolean.Of(call[0] is SchemeProcedure));
        interpreter.Define("null?", 1, 1, call => SchemeBoolean.Of(call[0] is SchemeEmptyList));
        interpreter.Define("pair?", 1, 1, call => SchemeBoolean.Of(call[0] is SchemePair));
        interpreter.Define("list?", 1, 1, call => SchemeBoolean.Of(SchemePair.ToList(call[0]) is not null));
    }

    private static void RegisterStrings(Interpreter interpreter)
    {
        interpreter.Define("string-append", 0, -1, call =>
        {
            long total = 0;
            for (var i = 0; i < call.Count; i++)
            {
                total += call.String(i).Length;
            }

            if (total > call.Interpreter.Limits.MaxStringLength)
            {
                throw call.Fail(
                    EvaluationDiagnosticCodes.LimitExceeded,
                    $"string-append: result longer than {call.Interpreter.Limits.MaxStringLength} characters");
            }

            var builder = new StringBuilder((int)total);
            for (var i = 0; i < call.Count; i++)
            {
                builder.Append(call.String(i));
            }

            return call.Interpreter.MakeString(builder.ToString());
        });
        interpreter.Define("string-length", 1, 1, call => new SchemeInteger(call.String(0).Length));
        interpreter.Define("substring", 2, 3, call =>
        {
            var text = call.String(0);
            var start = call.Integer(1);
            var end = call.Count == 3 ? call.Integer(2) : text.Length;
            if (start < 0 || start > text.Length)
            {
                throw call.Fail(EvaluationDiagnosticCodes.WrongType, $"substring: start {start} is outside the string (length {text.Length})", 1);
            }

            if (end < start || end > text.Length)
            {
                throw call.Fail(EvaluationDiagnosticCodes.WrongType, $"substring: end {end} is outside {start}..{text.Length}", 2);
            }

            return call.Interpreter.MakeString(text[(int)start..(int)end]);
        });
        interpreter.Define("string=?", 1, -1, call => SchemeBoolean.Of(AllPairs(call, (a, b) => call.String(a) == call.String(b))));
        interpreter.Define("string<?", 1, -1, call => SchemeBoolean.Of(AllPairs(call, (a, b) => string.CompareOrdinal(call.String(a), call.String(b)) < 0)));
        interpreter.Define("string>?", 1, -1, call => SchemeBoolean.Of(AllPairs(call, (a, b) => string.CompareOrdinal(call.String(a), call.String(b)) > 0)));

        // Chromium's common.sb defines (string-prefix? str prefix) itself; we provide the same argument order.
        interpreter.Define("string-prefix?", 2, 2, call => SchemeBoolean.Of(call.String(0).StartsWith(call.String(1), StringComparison.Ordinal)));
        interpreter.Define("string-suffix?", 2, 2, call => SchemeBoolean.Of(call.String(0).EndsWith(call.String(1), StringComparison.Ordinal)));
        interpreter.Define("string->symbol", 1, 1, call => new SchemeSymbol(call.String(0)));
        interpreter.Define("symbol->string", 1, 1, call =>
            call[0] is SchemeSymbol symbol ? new SchemeString(symbol.Name) : throw call.WrongType(0, "symbol"));
        interpreter.Define("string->number", 1, 2, call =>
        {
            var text = call.String(0);
            var radix = call.Count == 2 ? call.Integer(1) : 10;
            return ParseInteger(text, (int)radix) is { } value ? new SchemeInteger(value) : SchemeBoolean.False;
        });
        interpreter.Define("number->string", 1, 2, call =>
        {
            var value = call.Integer(0);
            var radix = call.Count == 2 ? call.Integer(1) : 10;
            return radix switch
            {
                10 => new SchemeString(value.ToString(CultureInfo.InvariantCulture)),
                2 or 8 or 16 => new SchemeString((value < 0 ? "-" : string.Empty) + Convert.ToString(Math.Abs(value), (int)radix)),
                _ => throw call.Fail(EvaluationDiagnosticCodes.WrongType, $"number->string: unsupported radix {radix}", 1),
            };
        });
    }

    private static long? ParseInteger(string text, int radix)
    {
        if (radix is not (2 or 8 or 10 or 16) || text.Length == 0)
        {
            return null;
        }

        var negative = text[0] == '-';
        var digits = text[0] is '-' or '+' ? text[1..] : text;
        if (digits.Length == 0)
        {
            return null;
        }

        long value = 0;
        foreach (var c in digits)
        {
            var digit = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetter(c) ? char.ToLowerInvariant(c) - 'a' + 10 : 99;
            if (digit >= radix)
            {
                return null;
            }

            try
            {
                value = checked((value * radix) + digit);
            }
            catch (OverflowException)
            {
                return null;
            }
        }

        return negative ? -value : value;
    }

    private static bool AllPairs(CallContext call, Func<int, int, bool> holds)
    {
        // Every argument must be a string, even when the answer is already known.
        for (var i = 0; i < call.Count; i++)
        {
            _ = call.String(i);
        }

        for (var i = 0; i + 1 < call.Count; i++)
        {
            if (!holds(i, i + 1))
            {
                return false;
            }
        }

        return true;
    }

    private static void RegisterArithmetic(Interpreter interpreter)
    {
        interpreter.Define("+", 0, -1, call => new SchemeInteger(Fold(call, 0, (a, b) => checked(a + b))));
        interpreter.Define("*", 0, -1, call => new SchemeInteger(Fold(call, 1, (a, b) => checked(a * b))));
        interpreter.Define("-", 1, -1, call => call.Count == 1
            ? new SchemeInteger(Checked(call, () => checked(-call.Integer(0))))
            : new SchemeInteger(Fold(call, call.Integer(0), (a, b) => checked(a - b), skip: 1)));
        interpreter.Define("quotient", 2, 2, call => new SchemeInteger(Divide(call, (a, b) => a / b)));
        interpreter.Define("remainder", 2, 2, call => new SchemeInteger(Divide(call, (a, b) => a % b)));
        interpreter.Define("modulo", 2, 2, call => new SchemeInteger(Divide(call, (a, b) => ((a % b) + b) % b)));
        interpreter.Define("abs", 1, 1, call => new SchemeInteger(Checked(call, () => Math.Abs(call.Integer(0)))));
        interpreter.Define("min", 1, -1, call => new SchemeInteger(Enumerable.Range(0, call.Count).Min(call.Integer)));
        interpreter.Define("max", 1, -1, call => new SchemeInteger(Enumerable.Range(0, call.Count).Max(call.Integer)));
        interpreter.Define("=", 1, -1, call => SchemeBoolean.Of(Compare(call, (a, b) => a == b)));
        interpreter.Define("<", 1, -1, call => SchemeBoolean.Of(Compare(call, (a, b) => a < b)));
        interpreter.Define(">", 1, -1, call => SchemeBoolean.Of(Compare(call, (a, b) => a > b)));
        interpreter.Define("<=", 1, -1, call => SchemeBoolean.Of(Compare(call, (a, b) => a <= b)));
        interpreter.Define(">=", 1, -1, call => SchemeBoolean.Of(Compare(call, (a, b) => a >= b)));
        interpreter.Define("zero?", 1, 1, call => SchemeBoolean.Of(call.Integer(0) == 0));
        interpreter.Define("positive?", 1, 1, call => SchemeBoolean.Of(call.Integer(0) > 0));
        interpreter.Define("negative?", 1, 1, call => SchemeBoolean.Of(call.Integer(0) < 0));
        interpreter.Define("even?", 1, 1, call => SchemeBoolean.Of(call.Integer(0) % 2 == 0));
        interpreter.Define("odd?", 1, 1, call => SchemeBoolean.Of(call.Integer(0) % 2 != 0));
    }

    private static long Fold(CallContext call, long seed, Func<long, long, long> combine, int skip = 0)
    {
        var result = seed;
        for (var i = skip; i < call.Count; i++)
        {
            var operand = call.Integer(i);
            result = Checked(call, () => combine(result, operand));
        }

        return result;
    }

    private static long Checked(CallContext call, Func<long> compute)
    {
        try
        {
            return compute();
        }
        catch (OverflowException)
        {
            throw call.Fail(EvaluationDiagnosticCodes.Arithmetic, call.Name + ": integer overflow");
        }
    }

    private static long Divide(CallContext call, Func<long, long, long> divide)
    {
        var dividend = call.Integer(0);
        var divisor = call.Integer(1);
        if (divisor == 0)
        {
            throw call.Fail(EvaluationDiagnosticCodes.Arithmetic, call.Name + ": division by zero", 1);
        }

        return Checked(call, () => divide(dividend, divisor));
    }

    private static bool Compare(CallContext call, Func<long, long, bool> holds)
    {
        var values = Enumerable.Range(0, call.Count).Select(call.Integer).ToList();
        for (var i = 0; i + 1 < values.Count; i++)
        {
            if (!holds(values[i], values[i + 1]))
            {
                return false;
            }
        }

        return true;
    }

    private static void RegisterLists(Interpreter interpreter)
    {
        interpreter.Define("list", 0, -1, call =>
        {
            call.Interpreter.Charge(call.Count);
            return SchemePair.FromList(call.Arguments);
        });
        interpreter.Define("cons", 2, 2, call => new SchemePair(call[0], call[1]));
        interpreter.Define("car", 1, 1, call => Pair(call, 0).Car);
        interpreter.Define("cdr", 1, 1, call => Pair(call, 0).Cdr);
        foreach (var path in new[] { "aa", "ad", "da", "dd", "add", "ddd", "addd" })
        {
            var name = "c" + path + "r";
            interpreter.Define(name, 1, 1, call =>
            {
                var value = call[0];
                for (var i = path.Length - 1; i >= 0; i--)
                {
                    var pair = value as SchemePair ?? throw call.Fail(
                        EvaluationDiagnosticCodes.WrongType,
                        $"{name}: argument 1 is too short a list: {Errors.Describe(call[0])}",
                        0);
                    value = path[i] == 'a' ? pair.Car : pair.Cdr;
                }

                return value;
            });
        }

        interpreter.Define("length", 1, 1, call => new SchemeInteger(call.List(0).Count));
        interpreter.Define("append", 0, -1, call =>
        {
            if (call.Count == 0)
            {
                return SchemeEmptyList.Instance;
            }

            var items = new List<SchemeValue>();
            for (var i = 0; i < call.Count - 1; i++)
            {
                items.AddRange(call.List(i));
            }

            call.Interpreter.Charge(items.Count);
            return SchemePair.FromList(items, call[call.Count - 1]);
        });
        interpreter.Define("reverse", 1, 1, call =>
        {
            var items = call.List(0);
            items.Reverse();
            call.Interpreter.Charge(items.Count);
            return SchemePair.FromList(items);
        });
        interpreter.Define("list-ref", 2, 2, call =>
        {
            var items = call.List(0);
            var index = call.Integer(1);
            return index >= 0 && index < items.Count
                ? items[(int)index]
                : throw call.Fail(EvaluationDiagnosticCodes.WrongType, $"list-ref: index {index} is outside the list (length {items.Count})", 1);
        });
        interpreter.Define("list-tail", 2, 2, call =>
        {
            var value = call[0];
            for (var k = call.Integer(1); k > 0; k--)
            {
                value = (value as SchemePair ?? throw call.Fail(EvaluationDiagnosticCodes.WrongType, "list-tail: the list is too short", 0)).Cdr;
            }

            return value;
        });
        interpreter.Define("memq", 2, 2, call => Member(call, SchemeEquality.Eqv));
        interpreter.Define("memv", 2, 2, call => Member(call, SchemeEquality.Eqv));
        interpreter.Define("member", 2, 2, call => Member(call, SchemeEquality.Equal));
        interpreter.Define("assq", 2, 2, call => Assoc(call, SchemeEquality.Eqv));
        interpreter.Define("assv", 2, 2, call => Assoc(call, SchemeEquality.Eqv));
        interpreter.Define("assoc", 2, 2, call => Assoc(call, SchemeEquality.Equal));
    }

    private static SchemePair Pair(CallContext call, int index) =>
        call[index] as SchemePair ?? throw call.WrongType(index, "pair");

    private static SchemeValue Member(CallContext call, Func<SchemeValue, SchemeValue, bool> same)
    {
        var value = call[1];
        while (value is SchemePair pair)
        {
            call.Interpreter.Charge(1);
            if (same(call[0], pair.Car))
            {
                return pair;
            }

            value = pair.Cdr;
        }

        return SchemeBoolean.False;
    }

    private static SchemeValue Assoc(CallContext call, Func<SchemeValue, SchemeValue, bool> same)
    {
        foreach (var entry in call.List(1))
        {
            call.Interpreter.Charge(1);
            if (entry is SchemePair pair && same(call[0], pair.Car))
            {
                return pair;
            }
        }

        return SchemeBoolean.False;
    }

    private static void RegisterHigherOrder(Interpreter interpreter)
    {
        interpreter.Define("map", 2, -1, call =>
        {
            var procedure = call.Procedure(0);
            var lists = Enumerable.Range(1, call.Count - 1).Select(call.List).ToList();
            var length = lists.Min(l => l.Count);
            var results = new List<SchemeValue>(length);
            for (var i = 0; i < length; i++)
            {
                results.Add(call.Interpreter.Apply(procedure, [.. lists.Select(l => l[i])], call.Form));
            }

            return SchemePair.FromList(results);
        });
        interpreter.Define("for-each", 2, -1, call =>
        {
            var procedure = call.Procedure(0);
            var lists = Enumerable.Range(1, call.Count - 1).Select(call.List).ToList();
            var length = lists.Min(l => l.Count);
            for (var i = 0; i < length; i++)
            {
                call.Interpreter.Apply(procedure, [.. lists.Select(l => l[i])], call.Form);
            }

            return SchemeUnspecified.Instance;
        });
        interpreter.Define("filter", 2, 2, call =>
        {
            var procedure = call.Procedure(0);
            var kept = call.List(1).Where(item => call.Interpreter.Apply(procedure, [item], call.Form).IsTrue).ToList();
            return SchemePair.FromList(kept);
        });
        interpreter.Define("partition", 2, 2, call =>
        {
            var procedure = call.Procedure(0);
            var matching = new List<SchemeValue>();
            var others = new List<SchemeValue>();
            foreach (var item in call.List(1))
            {
                (call.Interpreter.Apply(procedure, [item], call.Form).IsTrue ? matching : others).Add(item);
            }

            return SchemePair.FromList([SchemePair.FromList(matching), SchemePair.FromList(others)]);
        });
        interpreter.Define("apply", 1, -1, call =>
        {
            var procedure = call.Procedure(0);
            var arguments = call.Arguments.Skip(1).Take(call.Count - 2).ToList();
            if (call.Count > 1)
            {
                arguments.AddRange(call.List(call.Count - 1));
            }

            call.Interpreter.Charge(arguments.Count);
            return call.Interpreter.Apply(procedure, arguments, call.Form);
        });
    }
}
