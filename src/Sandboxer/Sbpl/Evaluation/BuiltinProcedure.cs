namespace Sandboxer.Sbpl.Evaluation;

/// <summary>A procedure implemented in C#. <see cref="MaxArguments"/> is -1 for any number.</summary>
internal sealed class BuiltinProcedure(string name, int minArguments, int maxArguments, Func<CallContext, SchemeValue> body)
    : SchemeProcedure(name)
{
    public int MinArguments { get; } = minArguments;

    public int MaxArguments { get; } = maxArguments;

    public Func<CallContext, SchemeValue> Body { get; } = body;

    /// <summary>True for <c>allow</c> and <c>deny</c>: their bare-symbol arguments may name unknown operations.</summary>
    public bool TakesOperations { get; init; }

    /// <summary>True for rules, filter combinators and network filters: an undefined name called among their
    /// arguments is reported as an unknown filter.</summary>
    public bool TakesFilters { get; init; }
}
