using Sandboxer.Sbpl.Syntax;
using Sandboxer.Sbpl.Text;
using Sandboxer.Tests.Support;

namespace Sandboxer.Tests.Sbpl.Syntax;

/// <summary>Every real profile reads without errors and round-trips byte for byte.</summary>
public sealed class ReaderCorpusTests
{
    public static TheoryData<string> Files => Corpus.FileData;

    [Fact]
    public void The_corpus_has_all_its_profiles() => Assert.Equal(96, Corpus.Files.Count);

    [Theory]
    [MemberData(nameof(Files))]
    public void Corpus_file_round_trips_and_reads_without_errors(string file)
    {
        var text = Corpus.Read(file);
        var tree = SbplSyntaxTree.Parse(new SourceText(text, Corpus.FullPath(file)));
        Assert.Equal(text, tree.ToFullString());
        Assert.DoesNotContain(tree.Diagnostics, d => d.IsError);
    }
}
