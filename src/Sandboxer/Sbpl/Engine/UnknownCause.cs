namespace Sandboxer.Sbpl.Engine;

/// <summary>Why a filter evaluated to <see cref="Truth.Unknown"/>.</summary>
internal sealed record UnknownCause(UncertaintyKind Kind, string Message);
