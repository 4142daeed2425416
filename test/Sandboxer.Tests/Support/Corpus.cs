namespace Sandboxer.Tests.Support;

/// <summary>The real-world profiles in <c>shared/corpus/profiles</c>, as test data.</summary>
internal static class Corpus
{
    /// <summary>Every <c>.sb</c> file, as a path relative to the corpus folder with forward slashes.</summary>
    public static IReadOnlyList<string> Files { get; } =
        [.. Directory.EnumerateFiles(SharedData.CorpusDirectory, "*.sb", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(SharedData.CorpusDirectory, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];

    public static TheoryData<string> FileData
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var file in Files)
            {
                data.Add(file);
            }

            return data;
        }
    }

    public static string FullPath(string relative) => Path.Combine(SharedData.CorpusDirectory, relative);

    public static string Read(string relative) => File.ReadAllText(FullPath(relative));
}
