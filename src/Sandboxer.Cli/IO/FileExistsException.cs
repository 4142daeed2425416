namespace Sandboxer.Cli.IO;

/// <summary>The output file exists and the user did not ask to overwrite it.</summary>
internal sealed class FileExistsException : IOException
{
    public FileExistsException(string path)
        : base($"{path} already exists; use --force to overwrite it")
    {
        FilePath = path;
    }

    public FileExistsException()
        : this("<file>")
    {
    }

    public FileExistsException(string message, Exception innerException)
        : base(message, innerException)
    {
        FilePath = "<file>";
    }

    public string FilePath { get; }
}
