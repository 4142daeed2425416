using Sandboxer.Sbpl.Formatting;
using Sandboxer.Sbpl.Syntax;
using Sandboxer.Sbpl.Text;
using Sandboxer.Tests.Support;

namespace Sandboxer.Tests.Sbpl.Formatting;

/// <summary>Formatting every real profile keeps its meaning and comments and is idempotent.</summary>
public sealed class FormatterCorpusTests
{
    public static TheoryData<string> Files => Corpus.FileData;

    private static IEnumerable<string> Comments(SbplSyntaxTree tree) =>
        tree.Root.DescendantTokens().SelectMany(t => t.LeadingTrivia.Concat(t.TrailingTrivia)).Where(t => t.IsComment).Select(t => t.Text.TrimEnd());

    [Theory]
    [MemberData(nameof(Files))]
    public void Formatting_keeps_meaning_and_comments_and_is_idempotent(string file)
    {
        var original = SbplSyntaxTree.Parse(new SourceText(Corpus.Read(file), Corpus.FullPath(file)));
        var formatted = SbplFormatter.Format(original);
        var reread = SbplSyntaxTree.Parse(formatted, Corpus.FullPath(file));
        Assert.False(reread.HasErrors, string.Join("\n", reread.Diagnostics));
        Assert.Equal(formatted, SbplFormatter.Format(reread));
        Assert.Equal(Comments(original), Comments(reread));
        Assert.Equal(
            original.Root.DescendantTokens().Select(t => t.Text),
            reread.Root.DescendantTokens().Select(t => t.Text));
        Assert.DoesNotContain(formatted.Split('\n'), line => line.EndsWith(' '));

        var before = CorpusProfiles.Load(file);
        var after = CorpusProfiles.Load(file, formatted);
        Assert.Equal(ProfileComparison.WithoutSources(before.Profile), ProfileComparison.WithoutSources(after.Profile));
        Assert.Equal(before.Diagnostics.Select(d => d.Code), after.Diagnostics.Select(d => d.Code));
    }
}
