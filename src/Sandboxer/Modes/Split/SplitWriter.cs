using System.Text;
using Sandboxer.Sbpl.Syntax;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Modes.Split;

/// <summary>
/// Writes the texts of a split. Forms whose atoms all stay are copied exactly as they were; a form that loses some
/// atoms is rebuilt from its own pieces (each filter with its comments). A comment
/// that introduced several filters (<c>;; observed exactly (3 targets): …</c>) or a <c>;;;</c> section heading goes
/// with the first of them that is written, so both files keep their headings. Rebuilt forms keep the layout of the
/// original (one line, or one filter per line at its indentation).
/// </summary>
internal static class SplitWriter
{
    private const string DefaultIndentation = "    ";

    /// <summary>The mode profile before and after the point where the base is imported.</summary>
    public static (string Preamble, string Body) Mode(ModeLayout layout, ISet<RuleAtom> moved)
    {
        var preamble = new StringBuilder();
        foreach (var entry in layout.Entries.Take(layout.BodyStart))
        {
            preamble.Append(entry.LeadingTrivia).Append(entry.Body);
        }

        if (preamble.Length > 0 && preamble[^1] != '\n')
        {
            preamble.Append('\n');
        }

        var byEntry = layout.Atoms.GroupBy(a => a.Entry).ToDictionary(g => g.Key, g => g.ToList());
        var body = Assemble(layout.Entries.Skip(layout.BodyStart).Select(entry =>
            (entry, byEntry.TryGetValue(entry, out var atoms) ? Render(entry, atoms, a => !moved.Contains(a)) : entry.Body)));
        return (preamble.ToString(), body + layout.EndTrivia);
    }

    /// <summary>The base's rules: the moved atoms of <paramref name="reference"/>, in its order, with its comments.</summary>
    public static string BaseBody(ModeLayout reference, ISet<RuleAtom> moved)
    {
        var byEntry = reference.Atoms.GroupBy(a => a.Entry).ToDictionary(g => g.Key, g => g.ToList());
        return Assemble(reference.Entries.Skip(reference.BodyStart).Select(entry =>
            (entry, byEntry.TryGetValue(entry, out var atoms) ? Render(entry, atoms, moved.Contains) : null)));
    }

    /// <summary>Top-level forms with their leading comments; a form without a section heading inherits the heading
    /// of a preceding form that was left out.</summary>
    private static string Assemble(IEnumerable<(FormEntry Entry, string? Body)> forms)
    {
        var text = new StringBuilder();
        IReadOnlyList<string>? pending = null;
        var pendingWritten = true;
        foreach (var (entry, body) in forms)
        {
            var heading = entry.SectionHeading;
            if (heading.Count > 0)
            {
                pending = heading;
                pendingWritten = false;
            }

            if (body is null)
            {
                continue;
            }

            if (heading.Count == 0 && !pendingWritten && pending is not null)
            {
                text.Append('\n');
                foreach (var line in pending)
                {
                    text.Append(line).Append('\n');
                }
            }

            pendingWritten = true;
            text.Append(entry.LeadingTrivia).Append(body);
        }

        return text.ToString();
    }

    /// <summary>The text of a rule form keeping only the atoms <paramref name="include"/> selects; null when none.</summary>
    private static string? Render(FormEntry entry, List<RuleAtom> atoms, Func<RuleAtom, bool> include)
    {
        var kept = atoms.Where(include).ToList();
        if (kept.Count == 0)
        {
            return null;
        }

        if (kept.Count == atoms.Count)
        {
            return entry.Body;
        }

        var shape = entry.Shape!;
        var forms = new StringBuilder();
        if (shape.Filters.IsEmpty)
        {
            forms.Append(Rebuild(shape, [.. kept.Select(a => a.Operation).Order()], _ => true));
            return forms.ToString();
        }

        // Filters kept for the same operations make one form; the groups in the order their first filter appears.
        var groups = kept.GroupBy(a => a.Filter)
            .Select(g => (Filter: g.Key, Operations: string.Join(',', g.Select(a => a.Operation).Order())))
            .GroupBy(x => x.Operations, StringComparer.Ordinal)
            .OrderBy(g => g.Min(x => x.Filter));
        foreach (var group in groups)
        {
            var operations = group.Key.Split(',').Select(int.Parse).ToList();
            var filters = group.Select(x => x.Filter).ToHashSet();
            forms.Append(Rebuild(shape, operations, filters.Contains));
        }

        return forms.ToString();
    }

    private static string Rebuild(RuleShape shape, IReadOnlyList<int> operations, Func<int, bool> includeFilter)
    {
        var lines = new List<string>();
        lines.AddRange(FormComments(shape));
        var anyComment = lines.Count > 0;
        IReadOnlyList<string>? pending = null;
        var pendingWritten = true;
        var lastHasComment = false;
        for (var i = 0; i < shape.Filters.Length; i++)
        {
            var filter = shape.Filters[i];
            var own = SyntaxText.LeadingComments(filter);
            if (own.Count > 0)
            {
                pending = own;
                pendingWritten = false;
            }

            if (!includeFilter(i))
            {
                continue;
            }

            if (!pendingWritten && pending is not null)
            {
                lines.AddRange(pending);
                pendingWritten = true;
                anyComment = true;
            }

            var trailing = SyntaxText.TrailingComment(filter);
            lines.Add(filter.ToString() + (trailing is null ? string.Empty : " " + trailing));
            lastHasComment = trailing is not null;
            anyComment |= lastHasComment;
        }

        foreach (var modifier in shape.Modifiers)
        {
            var trailing = SyntaxText.TrailingComment(modifier);
            lines.Add(modifier.ToString() + (trailing is null ? string.Empty : " " + trailing));
            lastHasComment = trailing is not null;
            anyComment |= lastHasComment;
        }

        var head = "(" + shape.Action + string.Concat(operations.Select(o => " " + shape.Operations[o].Token.Text));

        // Written the way the form was: on one line when it was, else one item per line at the form's indentation.
        var indent = shape.Filters.Concat(shape.Modifiers).Select(n => Indentation(shape.Source, n)).FirstOrDefault(i => i is not null);
        if (indent is null && !anyComment && !lines.Any(l => l.Contains('\n', StringComparison.Ordinal)))
        {
            return head + string.Concat(lines.Select(l => " " + l)) + ")\n";
        }

        indent ??= DefaultIndentation;
        var text = new StringBuilder(head);
        foreach (var line in lines)
        {
            text.Append('\n').Append(indent).Append(line);
        }

        // A comment runs to the end of its line, so the closing parenthesis cannot follow it.
        var last = lines.Count > 0 ? lines[^1] : string.Empty;
        text.Append(last.StartsWith(';') || lastHasComment ? "\n)" : ")");
        return text.Append('\n').ToString();
    }

    /// <summary>The spaces before <paramref name="node"/> when it starts a line, else null.</summary>
    private static string? Indentation(SourceText source, SyntaxNode node)
    {
        var start = node.Span.Start;
        var lineStart = start == 0 ? 0 : source.Text.LastIndexOf('\n', start - 1) + 1;
        var before = source.Text[lineStart..start];
        return before.All(c => c is ' ' or '\t') ? before : null;
    }

    /// <summary>Comments on the form's own tokens (after its head or operations, before its closing parenthesis, after it).</summary>
    private static IEnumerable<string> FormComments(RuleShape shape)
    {
        var tokens = new List<SyntaxToken> { shape.Form.OpenParen, shape.Form.Elements[0].FirstToken };
        tokens.AddRange(shape.Operations.Select(o => o.Token));
        var trivia = tokens.SelectMany(t => t == shape.Form.OpenParen ? t.TrailingTrivia : t.LeadingTrivia.AddRange(t.TrailingTrivia))
            .Concat(shape.Form.CloseParen.LeadingTrivia)
            .Concat(shape.Form.CloseParen.TrailingTrivia);
        return trivia.Where(t => t.IsComment).Select(t => t.Text);
    }
}
