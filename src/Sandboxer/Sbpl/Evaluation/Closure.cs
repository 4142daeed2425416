namespace Sandboxer.Sbpl.Evaluation;

/// <summary>A procedure defined in the profile with <c>lambda</c> or <c>(define (f …) …)</c>.</summary>
internal sealed class Closure(
    string name,
    IReadOnlyList<string> parameters,
    string? restParameter,
    IReadOnlyList<SchemeValue> body,
    SchemeEnvironment environment)
    : SchemeProcedure(name)
{
    public IReadOnlyList<string> Parameters { get; } = parameters;

    public string? RestParameter { get; } = restParameter;

    public IReadOnlyList<SchemeValue> Body { get; } = body;

    public SchemeEnvironment Environment { get; } = environment;
}
