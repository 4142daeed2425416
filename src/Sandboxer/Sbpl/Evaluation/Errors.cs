using Sandboxer.Sbpl.Text;

namespace Sandboxer.Sbpl.Evaluation;

/// <summary>The interpreter's error messages, in one place so their wording stays consistent.</summary>
internal static class Errors
{
    public static string Describe(SchemeValue value) => value switch
    {
        SchemeBoolean or SchemeEmptyList or SchemeUnspecified => value.Display(),
        SchemeProcedure p => "procedure " + p.Name,
        _ => value.TypeName + " " + Shorten(value.Display()),
    };

    public static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";

    /// <summary>"string-append: argument 2 must be a string, got integer 5", or, when the value is the <c>#f</c>
    /// of an undefined parameter, "parameter HOME is not defined (pass -D HOME=…): string-append needs a string".</summary>
    public static EvaluationException WrongType(string procedure, int index, string expected, SchemeValue actual, SourceLocation? location)
    {
        if (actual is SchemeBoolean { MissingParameter: { } key })
        {
            return MissingParameter(key, $"{procedure} needs a {expected} as argument {index + 1}", location);
        }

        return new EvaluationException(
            EvaluationDiagnosticCodes.WrongType,
            $"{procedure}: argument {index + 1} must be a {expected}, got {Describe(actual)}",
            location);
    }

    public static EvaluationException MissingParameter(string key, string consequence, SourceLocation? location) =>
        new(
            EvaluationDiagnosticCodes.MissingParameter,
            $"parameter {key} is not defined (pass -D {key}=…): {consequence}",
            location);

    public static EvaluationException BadSyntax(string message, SourceRef? where) =>
        new(EvaluationDiagnosticCodes.BadSyntax, message, where?.Location);
}
