using System.Text;

namespace Sandboxer.Cli.IO;

/// <summary>
/// Writes files so that a reader never sees a half-written file and nothing the user had is lost: the content goes
/// to a temporary file in the same directory, is flushed, and then replaces the target in one rename.
/// </summary>
internal static class AtomicFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="path"/>. When the file exists and
    /// <paramref name="overwrite"/> is false, throws <see cref="FileExistsException"/> and changes nothing.
    /// </summary>
    public static void WriteAllText(string path, string content, bool overwrite, UnixFileMode? mode = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(content);
        var full = Path.GetFullPath(path);
        if (!overwrite && File.Exists(full))
        {
            throw new FileExistsException(full);
        }

        var directory = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                var bytes = Utf8NoBom.GetBytes(content);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            if (mode is { } unixMode && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, unixMode);
            }
            else if (File.Exists(full) && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, File.GetUnixFileMode(full));
            }

            if (!overwrite && File.Exists(full))
            {
                throw new FileExistsException(full);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
