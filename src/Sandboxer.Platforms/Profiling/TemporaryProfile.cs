namespace Sandboxer.Platforms.Profiling;

/// <summary>A profile written to a private temporary file for one enforced run; deleted on dispose.</summary>
internal sealed class TemporaryProfile : IDisposable
{
    private readonly string _directory;

    private TemporaryProfile(string directory, string path)
    {
        _directory = directory;
        Path = path;
    }

    public string Path { get; }

    public static TemporaryProfile Write(string text)
    {
        var directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sandboxer-profile-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(directory);
        var path = System.IO.Path.Combine(directory, "profile.sb");
        File.WriteAllText(path, text);
        return new TemporaryProfile(directory, path);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
