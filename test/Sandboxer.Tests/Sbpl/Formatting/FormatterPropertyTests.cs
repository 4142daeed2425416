using System.Text;
using CsCheck;
using Sandboxer.Sbpl.Evaluation;
using Sandboxer.Sbpl.Formatting;
using Sandboxer.Sbpl.Syntax;
using Sandboxer.Sbpl.Text;
using Sandboxer.Tests.Support;

namespace Sandboxer.Tests.Sbpl.Formatting;

/// <summary>Random profiles, written with random layout and comments: formatting keeps the evaluated profile
/// and is idempotent.</summary>
public sealed class FormatterPropertyTests
{
    /// <summary>A datum to print: an atom's text or a list of data.</summary>
    private sealed record Datum(string? Atom, Datum[]? Items)
    {
        public static Datum Of(string atom) => new(atom, null);

        public static Datum List(params Datum[] items) => new(null, items);
    }

    private static readonly Gen<string> Strings = Gen.String.Where(SbplString.CanQuote).Select(SbplString.Quote);

    private static readonly Gen<Datum> PathFilters = Gen.Select(
        Gen.OneOf("literal", "subpath", "prefix", "regex", "global-name", "global-name-prefix", "sysctl-name"),
        Gen.Frequency((3, Strings), (1, Gen.OneOf("#\"^/a\\.b$\"", "#\"x\"", "(param \"HOME\")", "(string-append (param \"HOME\") \"/x\")"))),
        (name, arg) => Datum.List(Datum.Of(name), Datum.Of(arg)));

    private static readonly Gen<Datum> Filters = Gen.Recursive<Datum>((depth, inner) => depth >= 2
        ? Gen.OneOf(PathFilters, Gen.OneOf(Datum.List(Datum.Of("vnode-type"), Datum.Of("REGULAR-FILE")), Datum.List(Datum.Of("remote"), Datum.Of("tcp"), Datum.Of("\"localhost:8080\""))))
        : Gen.Frequency(
            (4, PathFilters),
            (1, Gen.Select(Gen.OneOf("require-all", "require-any"), inner.Array[1, 3], (name, items) => Datum.List([Datum.Of(name), .. items]))),
            (1, inner.Select(f => Datum.List(Datum.Of("require-not"), f)))));

    private static readonly Gen<Datum> Rules = Gen.Select(
        Gen.OneOf("allow", "deny"),
        Gen.OneOf("file-read*", "file-write*", "process-exec", "mach-lookup", "network-outbound", "default").Array[1, 3],
        Filters.Array[0, 3],
        Gen.OneOf(Array.Empty<Datum>(), new[] { Datum.List(Datum.Of("with"), Datum.Of("report")) }, new[] { Datum.List(Datum.Of("with"), Datum.Of("message"), Datum.Of("\"tag\"")) }),
        (action, ops, filters, modifiers) => Datum.List([Datum.Of(action), .. ops.Select(Datum.Of), .. filters, .. modifiers]));

    private static readonly Gen<Datum> Forms = Gen.Frequency(
        (6, Rules),
        (1, Rules.Select(r => Datum.List(Datum.Of("if"), Datum.List(Datum.Of("param"), Datum.Of("\"FLAG\"")), r))),
        (1, Rules.Array[1, 3].Select(rs => Datum.List([Datum.Of("when"), Datum.Of("#t"), .. rs]))));

    private static readonly Gen<string> Separators = Gen.OneOf(" ", "\n", "  \n    ", " ; note\n", "\n\n", "\t", "\n;; (fake) \"form\n  ");

    private static string Render(Datum datum, Func<string> separator)
    {
        if (datum.Atom is { } atom)
        {
            return atom;
        }

        var builder = new StringBuilder("(");
        for (var i = 0; i < datum.Items!.Length; i++)
        {
            builder.Append(i == 0 ? string.Empty : separator()).Append(Render(datum.Items[i], separator));
        }

        return builder.Append(separator().Replace(" ", string.Empty, StringComparison.Ordinal)).Append(')').ToString();
    }

    private static readonly Gen<string> Profiles = Gen.Select(Forms.Array[1, 6], Separators.Array[64], (forms, separators) =>
    {
        var next = 0;
        string Separator() => separators[next++ % separators.Length];
        var text = new StringBuilder("(version 1)\n");
        foreach (var form in forms)
        {
            text.Append(Render(form, Separator)).Append(Separator()).Append('\n');
        }

        return text.ToString();
    });

    private static LoadResult Load(string text) =>
        ProfileLoader.Load([new SourceText(text, "/gen.sb")], new Dictionary<string, string> { ["HOME"] = "/Users/a", ["FLAG"] = "1" });

    [Fact]
    public void Formatting_random_profiles_keeps_their_meaning() => Profiles.Sample(
        text =>
        {
            var before = Load(text);
            Assert.False(before.HasErrors, text + "\n" + string.Join("\n", before.Diagnostics));
            var formatted = SbplFormatter.Format(text);
            Assert.Equal(formatted, SbplFormatter.Format(formatted));
            var after = Load(formatted);
            Assert.Equal(ProfileComparison.WithoutSources(before.Profile), ProfileComparison.WithoutSources(after.Profile));
            var comments = (string t) => SbplSyntaxTree.Parse(t).Root.DescendantTokens()
                .SelectMany(k => k.LeadingTrivia.Concat(k.TrailingTrivia)).Count(v => v.IsComment);
            Assert.Equal(comments(text), comments(formatted));
        },
        iter: 300);
}
