namespace Sandboxer.Tests.Support;

/// <summary>
/// Locates the team's shared reference material (<c>../shared</c>: the profile corpus and the docs) at test time.
/// It is never copied into the repository. Set <c>SANDBOXER_SHARED</c> to point elsewhere.
/// </summary>
internal static class SharedData
{
    private static readonly Lazy<string> Root = new(Locate);

    public static string SharedRoot => Root.Value;

    public static string CorpusDirectory => Path.Combine(SharedRoot, "corpus", "profiles");

    public static string DocsDirectory => Path.Combine(SharedRoot, "docs");

    public static string RepositoryRoot
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Sandboxer.slnx")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("cannot find the repository root (Sandboxer.slnx) above " + AppContext.BaseDirectory);
        }
    }

    private static string Locate()
    {
        var configured = Environment.GetEnvironmentVariable("SANDBOXER_SHARED");
        if (!string.IsNullOrEmpty(configured))
        {
            return Path.GetFullPath(configured);
        }

        for (var directory = new DirectoryInfo(RepositoryRoot); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "corpus", "profiles")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            "cannot find the shared reference folder (shared/corpus/profiles) beside or above " + RepositoryRoot
            + "; set SANDBOXER_SHARED to its path");
    }
}
