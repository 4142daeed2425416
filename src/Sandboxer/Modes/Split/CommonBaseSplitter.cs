using System.Text;
using System.Text.Json;
using Sandboxer.Analysis.Diff;
using Sandboxer.Sbpl.Engine;
using Sandboxer.Sbpl.Evaluation;
using Sandboxer.Sbpl.Formatting;
using Sandboxer.Sbpl.Policy;
using Sandboxer.Sbpl.Syntax;
using Sandboxer.Sbpl.Text;
using Sandboxer.Synthesis.Rendering;

namespace Sandboxer.Modes.Split;

/// <summary>
/// Moves the rules every mode profile shares into one base profile that each mode imports right after its preamble
/// (<c>(version 1)</c>, <c>(deny default)</c>) with <c>(import "BASE")</c>, resolved next to the importing file, so a
/// reviewer sees exactly what each mode adds. Rules are compared per operation and filter, so a form that two modes
/// share in part is split. SBPL is order-sensitive (the last matching filtered rule wins), so a rule moves only when
/// no rule it would jump over could decide the same access differently (<see cref="SplitPlanner"/>), under several
/// placements of <c>HOME</c>, <c>WORKING_DIR</c> and <c>TMPDIR</c> relative to each other; then the engine proves
/// it: every rewritten profile, with the base in place of its import, must decide every probe of
/// <see cref="ProfileDiff"/> exactly as the original, under each placement. A move that fails the proof is undone.
/// An earlier split's import of the same base is read back in first, so splitting again after a mode was
/// re-profiled works.
/// </summary>
public static class CommonBaseSplitter
{
    private const int MaxRounds = 12;

    /// <param name="modes">At least two mode profiles, paths absolute.</param>
    /// <param name="basePath">The base profile to write (absolute).</param>
    /// <param name="existingBase">The base as it is now, when it exists (an earlier split's profiles import it).</param>
    /// <param name="toolVersion">For the base's header.</param>
    /// <param name="options">How profiles are loaded (import search paths).</param>
    /// <exception cref="CommonBaseException">The profiles cannot be split; the message says why.</exception>
    public static CommonBaseSplit Split(
        IReadOnlyList<ModeProfile> modes,
        string basePath,
        SourceText? existingBase,
        string toolVersion,
        LoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(modes);
        ArgumentException.ThrowIfNullOrEmpty(basePath);
        options ??= LoadOptions.Default;
        basePath = Path.GetFullPath(basePath);
        Validate(modes, basePath);
        SbplSyntaxTree? baseTree = null;
        if (existingBase is not null)
        {
            baseTree = SbplSyntaxTree.Parse(existingBase);
            if (baseTree.HasErrors)
            {
                throw new CommonBaseException($"{basePath} has syntax errors: {baseTree.Diagnostics.First(d => d.IsError)}");
            }
        }

        var layouts = modes.Select(m => ModeLayout.Read(m, basePath, baseTree)).ToList();
        var assignments = ParameterAssignments.Standard();
        var originals = modes.Select(m => Originals(m, assignments, options)).ToList();
        foreach (var layout in layouts)
        {
            layout.Evaluate(assignments, options);
        }

        var planner = new SplitPlanner(layouts);
        var shared = planner.Shared();
        var moved = new HashSet<string>(shared, StringComparer.Ordinal);
        planner.Settle(moved);
        for (var round = 0; round < MaxRounds; round++)
        {
            var texts = Write(layouts, moved, basePath, toolVersion);
            var failures = Verify(layouts, texts, assignments, originals, options);
            if (failures.Count == 0)
            {
                var kept = layouts[0].Atoms.Where(a => shared.Contains(a.OccurrenceKey) && !moved.Contains(a.OccurrenceKey))
                    .Select(a => new SharedRuleKept(a.Text, planner.Reasons.GetValueOrDefault(a.OccurrenceKey) ?? "kept"))
                    .ToList();
                var profiles = layouts.Select((l, i) => new SplitProfile(
                    l.Mode, l.Profile.Source.Path, texts.Modes[i], l.Atoms.Count(a => !moved.Contains(a.OccurrenceKey)))).ToList();
                return new CommonBaseSplit(basePath, texts.Base, profiles, layouts[0].Atoms.Count(a => moved.Contains(a.OccurrenceKey)), kept, layouts.Any(l => l.ImportedBase), assignments, originals);
            }

            // The proof failed: keep every moved rule that can decide one of the differing operations where it was.
            var removed = false;
            foreach (var (layout, difference) in failures)
            {
                foreach (var atom in layout.Atoms.Where(a => moved.Contains(a.OccurrenceKey) && Decides(a, difference.Operation)).ToList())
                {
                    planner.Keep(moved, atom, $"{layout.FileName}: moving it changed the decision for {difference.Operation} {difference.Target} (engine check)");
                    removed = true;
                }
            }

            if (!removed)
            {
                foreach (var atom in layouts[0].Atoms.Where(a => moved.Contains(a.OccurrenceKey)).ToList())
                {
                    planner.Keep(moved, atom, "the engine check failed for a rule it cannot attribute");
                }
            }

            planner.Settle(moved);
        }

        throw new CommonBaseException("could not find a split that decides every access as before; nothing was changed");
    }

    private static void Validate(IReadOnlyList<ModeProfile> modes, string basePath)
    {
        if (modes.Count < 2)
        {
            throw new CommonBaseException("a shared base needs at least two mode profiles");
        }

        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var mode in modes)
        {
            var path = mode.Source.Path;
            if (!Path.IsPathRooted(path))
            {
                throw new CommonBaseException($"profile path {path} must be absolute");
            }

            if (!paths.Add(path))
            {
                throw new CommonBaseException($"{path} is the profile of more than one mode; a shared base needs one file per mode");
            }

            if (path == basePath)
            {
                throw new CommonBaseException($"the base {basePath} cannot also be the profile of mode {mode.Mode}");
            }
        }
    }

    private static PolicyEngine[] Originals(ModeProfile mode, IReadOnlyList<IReadOnlyDictionary<string, string>> assignments, LoadOptions options) =>
        [.. assignments.Select(parameters =>
        {
            var loaded = ProfileLoader.Load([mode.Source], parameters, options);
            if (loaded.Diagnostics.FirstOrDefault(d => d.IsError) is { } error)
            {
                throw new CommonBaseException($"{error} (evaluating mode {mode.Mode})");
            }

            return PolicyEngine.Compile(loaded.Profile);
        })];

    private static bool Decides(RuleAtom atom, string operation) =>
        atom.Rules.Any(rules => rules.Any(r => r.Operations.Any(o => OperationCatalog.IsCoveredBy(o, operation) || OperationCatalog.IsCoveredBy(operation, o))));

    private sealed record SplitTexts(string Base, string BaseBody, List<string> Modes, List<string> Flattened);

    private static SplitTexts Write(List<ModeLayout> layouts, HashSet<string> moved, string basePath, string toolVersion)
    {
        var baseBody = SplitWriter.BaseBody(layouts[0], MovedAtoms(layouts[0], moved));
        var baseText = Header(layouts, toolVersion) + Separated(baseBody);
        var modes = new List<string>();
        var flattened = new List<string>();
        var names = SbplExpressions.ForComment(string.Join(", ", layouts.Select(l => l.Mode)));
        foreach (var layout in layouts)
        {
            var (preamble, body) = SplitWriter.Mode(layout, MovedAtoms(layout, moved));
            var directory = Path.GetDirectoryName(layout.Profile.Source.Path) ?? "/";
            var import = $"\n;; The rules every mode ({names}) shares are in {SbplExpressions.ForComment(Path.GetFileName(basePath))}, written by sandboxer wrapper --common:\n"
                + $"(import {SbplString.Quote(Path.GetRelativePath(directory, basePath))})\n";
            modes.Add(preamble + import + Separated(body));
            flattened.Add(preamble + "\n" + baseText + body);
        }

        return new SplitTexts(baseText, baseBody, modes, flattened);
    }

    /// <summary>The text after a blank line (unless it starts with one or is empty).</summary>
    private static string Separated(string text) => text.Length == 0 || text[0] == '\n' ? text : "\n" + text;

    private static HashSet<RuleAtom> MovedAtoms(ModeLayout layout, HashSet<string> moved) =>
        [.. layout.Atoms.Where(a => moved.Contains(a.OccurrenceKey))];

    private static List<(ModeLayout Layout, DiffEntry Difference)> Verify(
        List<ModeLayout> layouts,
        SplitTexts texts,
        IReadOnlyList<IReadOnlyDictionary<string, string>> assignments,
        List<PolicyEngine[]> originals,
        LoadOptions options)
    {
        var failures = new List<(ModeLayout, DiffEntry)>();
        for (var i = 0; i < layouts.Count; i++)
        {
            var source = new SourceText(texts.Flattened[i], layouts[i].Profile.Source.Path);
            for (var k = 0; k < assignments.Count; k++)
            {
                var loaded = ProfileLoader.Load([source], assignments[k], options);
                if (loaded.Diagnostics.FirstOrDefault(d => d.IsError) is { } error)
                {
                    throw new CommonBaseException($"the rewritten {layouts[i].FileName} does not load: {error}");
                }

                var differences = ProfileDiff.Compare(originals[i][k], PolicyEngine.Compile(loaded.Profile)).Differences;
                if (differences.Count > 0)
                {
                    failures.AddRange(differences.Select(d => (layouts[i], d)));
                    break;
                }
            }
        }

        return failures;
    }

    private static string Header(List<ModeLayout> layouts, string toolVersion)
    {
        var modes = SbplExpressions.ForComment(string.Join(", ", layouts.Select(l => l.Mode)));
        var text = new StringBuilder();
        text.Append(";; Rules every mode (").Append(modes).Append(") shares, moved out of their profiles by sandboxer ")
            .Append(toolVersion).Append(" (wrapper --common).\n");
        text.Append(";; Each mode's profile imports this file right after its (deny default); what stays there is what that\n");
        text.Append(";; mode alone needs. Not a profile on its own: (version 1) and (deny default) are in each mode's profile.\n");
        text.Append(";; Comments are those of ").Append(SbplExpressions.ForComment(layouts[0].FileName)).Append(".\n");
        text.Append(";; sandboxer: ").Append(Metadata(layouts, toolVersion)).Append('\n');
        return text.ToString();
    }

    private static string Metadata(List<ModeLayout> layouts, string toolVersion)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schema", 1);
            writer.WriteString("generator", "sandboxer " + toolVersion);
            writer.WriteString("role", "common-base");
            writer.WriteStartArray("modes");
            foreach (var layout in layouts)
            {
                writer.WriteStringValue(layout.Mode);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
