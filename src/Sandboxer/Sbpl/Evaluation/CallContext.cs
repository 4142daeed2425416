using Sandboxer.Sbpl.Text;

namespace Sandboxer.Sbpl.Evaluation;

/// <summary>One call of a builtin: its evaluated arguments, where each argument expression was, and the call form.</summary>
internal sealed class CallContext(
    Interpreter interpreter,
    string name,
    IReadOnlyList<SchemeValue> arguments,
    IReadOnlyList<SourceRef?> argumentOrigins,
    SourceRef? form,
    SchemeEnvironment? environment = null)
{
    /// <summary>The caller's environment when called directly from code (for <c>defined?</c>).</summary>
    public SchemeEnvironment Environment { get; } = environment ?? interpreter.Global;

    public Interpreter Interpreter { get; } = interpreter;

    public string Name { get; } = name;

    public IReadOnlyList<SchemeValue> Arguments { get; } = arguments;

    /// <summary>The call form, e.g. <c>(allow file-read* …)</c>; null when called through <c>apply</c> or <c>map</c>
    /// from code that was not read from a file.</summary>
    public SourceRef? Form { get; } = form;

    public int Count => Arguments.Count;

    public SchemeValue this[int index] => Arguments[index];

    /// <summary>Where argument <paramref name="index"/> was written, falling back to the call form.</summary>
    public SourceLocation? LocationOf(int index) =>
        (index < argumentOrigins.Count ? argumentOrigins[index]?.Location : null) ?? Arguments[index].Origin?.Location ?? Form?.Location;

    public string String(int index) =>
        Arguments[index] is SchemeString s ? s.Value : throw WrongType(index, "string");

    public long Integer(int index) =>
        Arguments[index] is SchemeInteger i ? i.Value : throw WrongType(index, "integer");

    public SchemeProcedure Procedure(int index) =>
        Arguments[index] is SchemeProcedure p ? p : throw WrongType(index, "procedure");

    public List<SchemeValue> List(int index) =>
        SchemePair.ToList(Arguments[index]) ?? throw WrongType(index, "list");

    public EvaluationException WrongType(int index, string expected) =>
        Errors.WrongType(Name, index, expected, Arguments[index], LocationOf(index));

    public EvaluationException Fail(string code, string message, int? index = null) =>
        new(code, message, index is { } i ? LocationOf(i) : Form?.Location);
}
