namespace Sandboxer.Platforms.Tests.Support;

/// <summary>A temporary directory tree (resolved, no symlinks above it) removed on dispose.</summary>
internal sealed class TempTree : IDisposable
{
    public TempTree(params string[] entries)
    {
        Root = Sandboxer.Platforms.Linux.Landlock.Native.FileDescriptors.RealPath(Directory.CreateTempSubdirectory("sbx-ll-").FullName)!;
        foreach (var entry in entries)
        {
            var full = Path.Combine(Root, entry);
            if (entry.EndsWith('/'))
            {
                Directory.CreateDirectory(full);
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllText(full, "content of " + entry + "\n");
            }
        }
    }

    public string Root { get; }

    public string this[string relative] => relative.Length == 0 ? Root : Path.Combine(Root, relative);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
