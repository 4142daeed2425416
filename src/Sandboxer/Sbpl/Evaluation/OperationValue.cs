namespace Sandboxer.Sbpl.Evaluation;

/// <summary>An operation such as <c>file-read*</c>: the canonical name (aliases resolved) and whether it is known.</summary>
internal sealed class OperationValue(string name, bool isKnown) : SchemeValue
{
    public string Name { get; } = name;

    public bool IsKnown { get; } = isKnown;

    public override string TypeName => "operation";

    public override string Display() => Name;
}
