using Sandboxer.Sbpl.Policy;
using Sandboxer.Sbpl.Syntax;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Sbpl.Evaluation;

/// <summary>
/// Evaluates files top-level form by top-level form in one global environment, and implements <c>import</c>
/// (a plain load: the imported file's definitions stay visible afterwards).
/// </summary>
internal sealed class ProfileEvaluator
{
    public ProfileEvaluator(IReadOnlyDictionary<string, string> parameters, LoadOptions options)
    {
        Session = new EvaluationSession(parameters, options);
        Interpreter = new Interpreter(Session);
        Interpreter.Define("import", 1, 1, Import);
    }

    public EvaluationSession Session { get; }

    public Interpreter Interpreter { get; }

    public void EvaluateFile(SbplSyntaxTree tree)
    {
        Session.FileStack.Add(tree.Source);
        try
        {
            foreach (var form in tree.Root.Forms)
            {
                EvaluateTopLevel(form, tree.Source);
            }
        }
        finally
        {
            Session.FileStack.RemoveAt(Session.FileStack.Count - 1);
        }
    }

    private void EvaluateTopLevel(SyntaxNode form, SourceText source)
    {
        var datum = DatumReader.Read(form, source);
        try
        {
            Interpreter.Eval(datum, Interpreter.Global);
        }
        catch (EvaluationException error) when (error.UnboundName is { } name && Session.UnresolvedImports.Count > 0)
        {
            // An Apple profile we could not read (system.sb) probably defines the name (system-network, …):
            // what this form does is unknown, which the engine treats like the unresolved import itself.
            var imports = string.Join(", ", Session.UnresolvedImports.Select(i => i.Name).Distinct(StringComparer.Ordinal));
            var location = source.GetLocation(form.Span);
            Session.Warn(
                EvaluationDiagnosticCodes.UndefinedAfterUnresolvedImport,
                $"`{name}` is not defined; it probably comes from the unresolved import {imports}, so the rules of this form are unknown",
                error.Location ?? location);
            Session.UnresolvedImports.Add(new UnresolvedImport(Session.UnresolvedImports[^1].Name, Session.Rules.Count, location));
        }
    }

    private SchemeUnspecified Import(CallContext call)
    {
        var name = call.String(0);
        if (Session.FileStack.Count > Session.Limits.MaxImportDepth)
        {
            throw call.Fail(EvaluationDiagnosticCodes.LimitExceeded, $"imports nested deeper than {Session.Limits.MaxImportDepth} levels", 0);
        }

        var importing = Session.FileStack.Count > 0 ? Session.FileStack[^1].Path : null;
        var importDirectory = Session.Parameters.TryGetValue("IMPORT_DIR", out var directory) ? directory : null;
        var candidates = ImportResolver.Candidates(name, importing, importDirectory, Session.Options);
        var found = name.Length == 0 ? null : candidates.FirstOrDefault(File.Exists);
        if (found is null)
        {
            if (ImportResolver.IsAppleSystemProfile(name))
            {
                Session.Warn(
                    EvaluationDiagnosticCodes.UnresolvedSystemImport,
                    $"system profile \"{name}\" is not on this machine; its rules are unknown, so decisions they could change are undecidable",
                    call.Form?.Location);
                Session.UnresolvedImports.Add(new UnresolvedImport(name, Session.Rules.Count, call.Form?.Location));
                return SchemeUnspecified.Instance;
            }

            throw call.Fail(
                EvaluationDiagnosticCodes.ImportNotFound,
                $"unable to open import \"{name}\" (looked for {string.Join(", ", candidates)})",
                0);
        }

        var full = Path.GetFullPath(found);
        var cycleStart = Session.FileStack.FindIndex(s => s.Path == full);
        if (cycleStart >= 0)
        {
            var chain = Session.FileStack.Skip(cycleStart).Select(s => Path.GetFileName(s.Path)).Append(Path.GetFileName(full));
            throw call.Fail(EvaluationDiagnosticCodes.ImportCycle, "import cycle: " + string.Join(" → ", chain), 0);
        }

        string text;
        try
        {
            text = File.ReadAllText(full);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw call.Fail(EvaluationDiagnosticCodes.ImportNotFound, $"unable to read import \"{name}\": {error.Message}", 0);
        }

        var source = new SourceText(text, full);
        Session.Sources.Add(source);
        var tree = SbplSyntaxTree.Parse(source);
        foreach (var diagnostic in tree.Diagnostics)
        {
            Session.Report(diagnostic);
        }

        if (tree.HasErrors)
        {
            throw call.Fail(EvaluationDiagnosticCodes.ImportHasErrors, $"imported profile \"{name}\" has syntax errors", 0);
        }

        EvaluateFile(tree);
        return SchemeUnspecified.Instance;
    }
}
