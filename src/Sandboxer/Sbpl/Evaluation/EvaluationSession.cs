using Sandboxer.Diagnostics;
using Sandboxer.Sbpl.Policy;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Sbpl.Evaluation;

/// <summary>The state of evaluating one profile: parameters, emitted rules, diagnostics and the directive state
/// (<c>version</c>, <c>trace</c>, imports in progress, <c>with-filter</c>/<c>with-modifier</c> scopes).</summary>
internal sealed class EvaluationSession(IReadOnlyDictionary<string, string> parameters, LoadOptions options)
{
    private readonly HashSet<(string Code, string Message, string? Location)> _reported = [];

    public IReadOnlyDictionary<string, string> Parameters { get; } = parameters;

    public LoadOptions Options { get; } = options;

    public EvaluationLimits Limits => Options.Limits;

    public List<Rule> Rules { get; } = [];

    public List<Diagnostic> Diagnostics { get; } = [];

    public List<UnresolvedImport> UnresolvedImports { get; } = [];

    public List<SourceText> Sources { get; } = [];

    /// <summary>Extra filters from enclosing <c>with-filter</c> forms, innermost on top.</summary>
    public Stack<Filter> FilterContext { get; } = new();

    /// <summary>Extra modifiers from enclosing <c>with-modifier</c> forms, innermost on top.</summary>
    public Stack<RuleModifier> ModifierContext { get; } = new();

    /// <summary>The files being evaluated, outermost first (imports push).</summary>
    public List<SourceText> FileStack { get; } = [];

    public long? Version { get; set; }

    public string? TracePath { get; set; }

    public void Warn(string code, string message, SourceLocation? location) =>
        Report(new Diagnostic(code, DiagnosticSeverity.Warning, message, location));

    public void Report(Diagnostic diagnostic)
    {
        if (_reported.Add((diagnostic.Code, diagnostic.Message, diagnostic.Location?.ToString())))
        {
            Diagnostics.Add(diagnostic);
        }
    }
}
