using System.Text;
using Sandboxer.Sbpl.Evaluation;
using Sandboxer.Sbpl.Policy;
using Sandboxer.Sbpl.Syntax;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Modes.Split;

/// <summary>
/// One mode profile as the split sees it: its top-level forms in evaluation order (an earlier split's
/// <c>(import "BASE")</c> replaced by the base's forms), where the preamble (<c>version</c>, <c>(deny default)</c>,
/// other imports) ends, and the rule atoms after it with the rules each evaluates to.
/// </summary>
internal sealed class ModeLayout
{
    private const string MetadataPrefix = ";; sandboxer:";

    private ModeLayout(ModeProfile profile, List<FormEntry> entries, int bodyStart, string endTrivia, bool importedBase)
    {
        Profile = profile;
        Entries = entries;
        BodyStart = bodyStart;
        EndTrivia = endTrivia;
        ImportedBase = importedBase;
    }

    public ModeProfile Profile { get; }

    public string Mode => Profile.Mode;

    public string FileName => Path.GetFileName(Profile.Source.Path);

    public List<FormEntry> Entries { get; }

    /// <summary>Index of the first form after the preamble: the base import goes just before it.</summary>
    public int BodyStart { get; }

    /// <summary>Comments and blank lines after the last form.</summary>
    public string EndTrivia { get; }

    /// <summary>True when the profile imported the base already (an earlier split); its forms are inlined.</summary>
    public bool ImportedBase { get; }

    /// <summary>The rule atoms after the preamble, in evaluation order.</summary>
    public List<RuleAtom> Atoms { get; } = [];

    public static ModeLayout Read(ModeProfile profile, string basePath, SbplSyntaxTree? baseTree)
    {
        var tree = SbplSyntaxTree.Parse(profile.Source);
        if (tree.HasErrors)
        {
            throw new CommonBaseException($"{profile.Source.Path} has syntax errors: {tree.Diagnostics.First(d => d.IsError)}");
        }

        var entries = new List<FormEntry>();
        var importedBase = false;
        var directory = Path.GetDirectoryName(profile.Source.Path) ?? "/";
        foreach (var form in tree.Root.Forms)
        {
            if (ImportedName(form) is { } name && IsBase(name, directory, basePath))
            {
                if (baseTree is null)
                {
                    throw new CommonBaseException($"{profile.Source.Path} imports {basePath}, which does not exist");
                }

                importedBase = true;
                AddBaseForms(entries, baseTree);
                continue;
            }

            entries.Add(Classify(profile.Source, form));
        }

        var bodyStart = entries.FindIndex(e => !e.IsPreamble);
        bodyStart = bodyStart < 0 ? entries.Count : bodyStart;
        if (!entries.Take(bodyStart).Any(e => e.Role == FormRole.Version))
        {
            throw new CommonBaseException($"{profile.Source.Path}: (version 1) must come before the rules (the base import goes after it)");
        }

        return new ModeLayout(profile, entries, bodyStart, string.Concat(tree.Root.EndOfFile.LeadingTrivia.Select(t => t.Text)), importedBase);
    }

    /// <summary>Splits the rule forms after the preamble into atoms; <see cref="RuleAtom.Pinned"/> is set after a barrier.</summary>
    public void BuildAtoms()
    {
        Atoms.Clear();
        string? barrier = null;
        for (var i = BodyStart; i < Entries.Count; i++)
        {
            var entry = Entries[i];
            if (entry.Role is FormRole.Barrier or FormRole.Import)
            {
                barrier ??= Describe(entry.Node);
                continue;
            }

            if (entry.Role != FormRole.Rule || entry.Shape is not { } shape)
            {
                continue;
            }

            var pinned = barrier is null ? null : $"it comes after {barrier}, which the split does not move rules across";
            if (!shape.Decomposable)
            {
                var canonical = SyntaxText.Canonical(entry.Node);
                Atoms.Add(new RuleAtom(entry, -1, -1, "whole " + canonical, canonical, Atoms.Count) { Pinned = pinned });
                continue;
            }

            var modifiers = string.Concat(shape.Modifiers.Select(m => " " + SyntaxText.Canonical(m)));
            for (var op = 0; op < shape.Operations.Length; op++)
            {
                var written = shape.Operations[op].Token.Text;
                var canonicalOperation = OperationCatalog.Canonicalize(written);
                var filters = shape.Filters.IsEmpty ? [-1] : Enumerable.Range(0, shape.Filters.Length);
                foreach (var filter in filters)
                {
                    var filterText = filter < 0 ? string.Empty : " " + SyntaxText.Canonical(shape.Filters[filter]);
                    var key = $"{shape.Action} {canonicalOperation}{filterText}{modifiers}";
                    var text = $"({shape.Action} {written}{filterText}{modifiers})";
                    Atoms.Add(new RuleAtom(entry, op, filter, key, text, Atoms.Count) { Pinned = pinned });
                }
            }
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var atom in Atoms)
        {
            var n = seen[atom.Key] = seen.GetValueOrDefault(atom.Key) + 1;
            atom.OccurrenceKey = atom.Key + "#" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>
    /// Evaluates the profile with every plain rule form written as its atoms (one form per atom) under each parameter
    /// assignment and records each atom's rules. A form whose atoms do not evaluate to one rule each, with its own
    /// operation and filter, is treated as a whole form instead (and the atoms rebuilt).
    /// </summary>
    public void Evaluate(IReadOnlyList<IReadOnlyDictionary<string, string>> assignments, LoadOptions options)
    {
        for (var attempt = 0; ; attempt++)
        {
            BuildAtoms();
            var broken = EvaluateUnder(assignments, options);
            if (broken is null)
            {
                return;
            }

            if (broken.Shape is not { Decomposable: true } shape || attempt > Entries.Count)
            {
                throw new CommonBaseException($"{Profile.Source.Path}: cannot evaluate {Describe(broken.Node)} on its own");
            }

            shape.Decomposable = false;
        }
    }

    /// <summary>The first form whose atoms did not evaluate as expected, or null when all did.</summary>
    private FormEntry? EvaluateUnder(IReadOnlyList<IReadOnlyDictionary<string, string>> assignments, LoadOptions options)
    {
        var text = new StringBuilder();
        var atomAt = new Dictionary<int, RuleAtom>();
        var spans = new List<(int Start, int End, FormEntry Entry)>();
        var atomsByEntry = Atoms.GroupBy(a => a.Entry).ToDictionary(g => g.Key, g => g.ToList());
        for (var i = 0; i < Entries.Count; i++)
        {
            var entry = Entries[i];
            if (i >= BodyStart && atomsByEntry.TryGetValue(entry, out var atoms) && !atoms[0].IsWhole)
            {
                foreach (var atom in atoms)
                {
                    atomAt[text.Length] = atom;
                    spans.Add((text.Length, text.Length + atom.Text.Length, entry));
                    text.Append(atom.Text).Append('\n');
                }

                continue;
            }

            var start = text.Length;
            text.Append(entry.Node.ToString()).Append('\n');
            spans.Add((start, text.Length, entry));
        }

        var path = Profile.Source.Path;
        var source = new SourceText(text.ToString(), path);
        var wholeAtoms = Atoms.Where(a => a.IsWhole).ToDictionary(a => a.Entry);
        foreach (var atom in Atoms)
        {
            atom.Rules = [.. assignments.Select(_ => new List<Rule>())];
        }

        for (var k = 0; k < assignments.Count; k++)
        {
            var loaded = ProfileLoader.Load([source], assignments[k], options);
            if (loaded.Diagnostics.FirstOrDefault(d => d.IsError) is { } error)
            {
                var at = error.Location is { } location && location.Path == path ? location.Span.Start : -1;
                var culprit = spans.FirstOrDefault(s => s.Start <= at && at < s.End).Entry;
                return culprit ?? throw new CommonBaseException($"{path}: {error.Message} (with the parameters {Show(assignments[k])})");
            }

            foreach (var rule in loaded.Profile.Rules)
            {
                if (rule.Location is not { } location || location.Path != path)
                {
                    continue;
                }

                if (atomAt.TryGetValue(location.Span.Start, out var atom))
                {
                    atom.Rules[k].Add(rule);
                }
                else if (spans.FirstOrDefault(s => s.Start <= location.Span.Start && location.Span.Start < s.End).Entry is { } entry
                    && wholeAtoms.TryGetValue(entry, out var whole))
                {
                    whole.Rules[k].Add(rule);
                }
            }

            foreach (var atom in Atoms.Where(a => !a.IsWhole))
            {
                var rules = atom.Rules[k];
                var shape = atom.Entry.Shape!;
                if (rules.Count != 1 || rules[0].Operations.Count != 1
                    || rules[0].Operations[0] != OperationCatalog.Canonicalize(shape.Operations[atom.Operation].Token.Text)
                    || (rules[0].Filter is null) != (atom.Filter < 0))
                {
                    return atom.Entry;
                }
            }
        }

        return null;
    }

    private static string Show(IReadOnlyDictionary<string, string> parameters) =>
        string.Join(", ", parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));

    /// <summary>The form's first line, for messages.</summary>
    public static string Describe(SyntaxNode node)
    {
        var text = SyntaxText.Canonical(node);
        return text.Length <= 80 ? text : text[..77] + "...";
    }

    private static string? ImportedName(SyntaxNode form) =>
        form is ListSyntax { HeadSymbol: "import", Elements.Length: 2 } list
        && list.Elements[1] is AtomSyntax { Kind: SyntaxKind.StringLiteral or SyntaxKind.RawStringLiteral } name
            ? name.Token.StringValue
            : null;

    private static bool IsBase(string name, string directory, string basePath) =>
        name.Length > 0 && string.Equals(Path.GetFullPath(Path.IsPathRooted(name) ? name : Path.Combine(directory, name)), basePath, StringComparison.Ordinal);

    private static FormEntry Classify(SourceText source, SyntaxNode form, string? leadingTrivia = null)
    {
        if (form is not ListSyntax list)
        {
            return new FormEntry(form, FormRole.Barrier, null, leadingTrivia);
        }

        return list.HeadSymbol switch
        {
            "version" => new FormEntry(form, FormRole.Version, null, leadingTrivia),
            "debug" => new FormEntry(form, FormRole.Neutral, null, leadingTrivia),
            "import" => new FormEntry(form, FormRole.Import, null, leadingTrivia),
            "allow" or "deny" => new FormEntry(form, FormRole.Rule, RuleShape.Read(source, list), leadingTrivia),
            _ => new FormEntry(form, FormRole.Barrier, null, leadingTrivia),
        };
    }

    /// <summary>The base's forms in place of its import, without its <c>(version 1)</c> and its generated header.</summary>
    private static void AddBaseForms(List<FormEntry> entries, SbplSyntaxTree baseTree)
    {
        var first = true;
        foreach (var form in baseTree.Root.Forms)
        {
            var entry = Classify(baseTree.Source, form, first ? WithoutHeader(form) : null);
            first = false;
            if (entry.Role != FormRole.Version)
            {
                entries.Add(entry);
            }
        }
    }

    // The header a split writes ends with the `;; sandboxer: {…}` line; what follows it is the first form's own.
    private static string WithoutHeader(SyntaxNode form)
    {
        var trivia = form.FirstToken.LeadingTrivia;
        var end = -1;
        for (var i = 0; i < trivia.Length; i++)
        {
            if (trivia[i].IsComment && trivia[i].Text.StartsWith(MetadataPrefix, StringComparison.Ordinal))
            {
                end = i;
            }
        }

        var rest = trivia.Skip(end + 1).SkipWhile(t => t.Kind is SyntaxTriviaKind.EndOfLine or SyntaxTriviaKind.Whitespace);
        return end < 0 ? SyntaxText.LeadingTrivia(form) : string.Concat(rest.Select(t => t.Text));
    }
}
