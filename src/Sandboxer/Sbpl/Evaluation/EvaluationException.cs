using Sandboxer.Sbpl.Text;

namespace Sandboxer.Sbpl.Evaluation;

/// <summary>
/// Stops evaluation with a diagnostic. Internal: <see cref="ProfileLoader"/> turns it into a
/// <see cref="Diagnostics.Diagnostic"/>; callers never see it.
/// </summary>
internal sealed class EvaluationException : Exception
{
    public EvaluationException(string code, string message, SourceLocation? location = null, string? unboundName = null)
        : base(message)
    {
        Code = code;
        Location = location;
        UnboundName = unboundName;
    }

    public EvaluationException()
        : this(EvaluationDiagnosticCodes.InternalError, "evaluation failed")
    {
    }

    public EvaluationException(string message)
        : this(EvaluationDiagnosticCodes.InternalError, message)
    {
    }

    public EvaluationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = EvaluationDiagnosticCodes.InternalError;
    }

    public string Code { get; }

    public SourceLocation? Location { get; }

    /// <summary>Set for "unbound variable" errors: the undefined name.</summary>
    public string? UnboundName { get; }

    public EvaluationException WithLocation(SourceLocation? location) =>
        Location is not null || location is null ? this : new EvaluationException(Code, Message, location, UnboundName);
}
