namespace Sandboxer.Sbpl.Engine;

/// <summary>Why a filter evaluated to <see cref="Truth.Unknown"/>. Causes that do not depend on the request are built
/// once per filter and <see cref="IsShared"/>; they are compared by reference.</summary>
internal sealed class UnknownCause(UncertaintyKind kind, string message, bool isShared = false)
{
    public UncertaintyKind Kind { get; } = kind;

    public string Message { get; } = message;

    public bool IsShared { get; } = isShared;
}
