namespace Sandboxer.Cli.Tests.Commands;

/// <summary>A temporary directory for the profile and event files a command test writes; deleted on dispose.</summary>
public abstract class ProfileFiles : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sandboxer-engine-cli-").FullName;

    protected string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    protected string Missing(string name) => Path.Combine(_directory, name);

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
        GC.SuppressFinalize(this);
    }
}
