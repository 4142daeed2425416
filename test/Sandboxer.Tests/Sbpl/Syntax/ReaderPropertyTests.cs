using CsCheck;
using Sandboxer.Sbpl.Syntax;
using Sandboxer.Tests.Support;

namespace Sandboxer.Tests.Sbpl.Syntax;

/// <summary>Fuzzing the reader: arbitrary and mutated-corpus text never crashes, always round-trips, and every
/// diagnostic points inside the text.</summary>
public sealed class ReaderPropertyTests
{
    private const string Interesting = "()\"#\\';`,@.\n\r\t xo1-t/f|!*\u0000\u0001é\uD800";

    private static void AssertReadable(string text)
    {
        var tree = SbplSyntaxTree.Parse(text, "/fuzz.sb");
        Assert.Equal(text, tree.ToFullString());
        foreach (var diagnostic in tree.Diagnostics)
        {
            var span = diagnostic.Location!.Span;
            Assert.InRange(span.Start, 0, text.Length);
            Assert.InRange(span.End, span.Start, text.Length);
            Assert.False(string.IsNullOrWhiteSpace(diagnostic.Message));
            Assert.StartsWith("SBPL1", diagnostic.Code, StringComparison.Ordinal);
        }

        var previousEnd = 0;
        foreach (var token in tree.Root.DescendantTokens())
        {
            Assert.Equal(previousEnd, token.FullSpan.Start);
            previousEnd = token.FullSpan.End;
        }

        Assert.Equal(text.Length, previousEnd);
    }

    [Fact]
    public void Random_text_round_trips() =>
        Gen.Char[Interesting].Array[0, 300].Select(chars => new string(chars)).Sample(AssertReadable, iter: 3000);

    [Fact]
    public void Fully_random_unicode_round_trips() => Gen.String.Sample(AssertReadable, iter: 2000);

    [Fact]
    public void Mutated_corpus_files_round_trip()
    {
        var files = Corpus.Files.Select(Corpus.Read).ToArray();
        var mutation = Gen.Select(Gen.Int[0, 2], Gen.Double[0, 1], Gen.Char[Interesting], Gen.Int[1, 40]);
        var gen = Gen.Select(Gen.Int[0, files.Length - 1], mutation.Array[1, 8]);
        gen.Sample(
            (fileIndex, mutations) =>
            {
                var text = files[fileIndex];
                foreach (var (kind, where, c, length) in mutations)
                {
                    var at = (int)(where * text.Length);
                    text = kind switch
                    {
                        0 => text.Insert(at, c.ToString()),
                        1 => text.Remove(at, Math.Min(length, text.Length - at)),
                        _ => string.Concat(text.AsSpan(0, at), text.AsSpan(at, Math.Min(length, text.Length - at)), text.AsSpan(at)),
                    };
                }

                AssertReadable(text);
            },
            iter: 300);
    }
}
