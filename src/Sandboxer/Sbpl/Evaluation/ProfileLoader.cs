using Sandboxer.Diagnostics;
using Sandboxer.Sbpl.Policy;
using Sandboxer.Sbpl.Syntax;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Sbpl.Evaluation;

/// <summary>
/// Reads and evaluates SBPL profiles into a <see cref="Profile"/>. Several sources are evaluated in order as one
/// profile (Chromium's <c>common.sb</c> then <c>renderer.sb</c>). Never throws for bad input: syntax and
/// evaluation errors come back as diagnostics with file:line:column. When a file has a syntax error nothing is
/// evaluated; an evaluation error stops evaluation there (as TinyScheme does), keeping the rules emitted so far.
/// </summary>
public static class ProfileLoader
{
    public static LoadResult Load(
        IReadOnlyList<SourceText> sources,
        IReadOnlyDictionary<string, string> parameters,
        LoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(parameters);
        options ??= LoadOptions.Default;
        var evaluator = new ProfileEvaluator(parameters, options);
        var session = evaluator.Session;
        session.Sources.AddRange(sources);
        var trees = sources.Select(source => SbplSyntaxTree.Parse(source)).ToList();
        foreach (var diagnostic in trees.SelectMany(tree => tree.Diagnostics))
        {
            session.Report(diagnostic);
        }

        if (!trees.Any(tree => tree.HasErrors))
        {
            Evaluate(evaluator, trees, options);
        }

        return new LoadResult(
            new Profile([.. session.Rules], [.. session.UnresolvedImports]),
            [.. session.Diagnostics],
            [.. session.Sources]);
    }

    /// <summary>Reads <paramref name="paths"/> (made absolute) and loads them as one profile.</summary>
    public static LoadResult LoadFiles(
        IReadOnlyList<string> paths,
        IReadOnlyDictionary<string, string> parameters,
        LoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var sources = new List<SourceText>();
        var problems = new List<Diagnostic>();
        foreach (var path in paths)
        {
            try
            {
                sources.Add(SourceText.FromFile(path));
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                problems.Add(new Diagnostic(
                    EvaluationDiagnosticCodes.CannotReadFile,
                    DiagnosticSeverity.Error,
                    $"cannot read profile {path}: {error.Message}",
                    null));
            }
        }

        return problems.Count > 0
            ? new LoadResult(Profile.Empty, [.. problems], [.. sources])
            : Load(sources, parameters, options);
    }

    private static void Evaluate(ProfileEvaluator evaluator, List<SbplSyntaxTree> trees, LoadOptions options)
    {
        var session = evaluator.Session;
        try
        {
            foreach (var tree in trees)
            {
                evaluator.EvaluateFile(tree);
            }

            if (options.RequireVersion && session.Version is null)
            {
                var location = trees.Count > 0 ? trees[0].Source.GetLocation(new TextSpan(0, 0)) : null;
                session.Report(new Diagnostic(EvaluationDiagnosticCodes.NoVersion, DiagnosticSeverity.Error, "no version specified", location));
            }
        }
        catch (EvaluationException error)
        {
            session.Report(new Diagnostic(error.Code, DiagnosticSeverity.Error, error.Message, error.Location));
        }
#pragma warning disable CA1031 // A bug in the interpreter must become a diagnostic, not crash the command evaluating a profile.
        catch (Exception error) when (error is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            session.Report(new Diagnostic(
                EvaluationDiagnosticCodes.InternalError,
                DiagnosticSeverity.Error,
                $"internal error while evaluating the profile ({error.GetType().Name}: {error.Message}); please report it",
                null));
        }
    }
}
