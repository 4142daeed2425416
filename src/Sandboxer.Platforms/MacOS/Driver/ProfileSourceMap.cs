using Sandboxer.Collections;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Platforms.MacOS.Driver;

/// <summary>
/// Maps a position in the profile file <c>sandbox-exec</c> actually read (the user's files concatenated, run tags
/// inserted) back to the user's file, line and column, so compile errors point at what the user wrote.
/// </summary>
/// <param name="ExecutedPath">The temporary file passed with <c>-f</c>; <see langword="null"/> before it is written.</param>
/// <param name="Segments">The user files in order.</param>
/// <param name="Insertions">Tag text added inside lines; lines themselves never move.</param>
internal sealed record ProfileSourceMap(string? ExecutedPath, EquatableArray<ProfileSegment> Segments, EquatableArray<ProfileInsertion> Insertions)
{
    /// <summary>
    /// True when <paramref name="path"/> names the executed file, as given or resolved (sandbox-exec may print
    /// <c>/private/var/…</c> for a file passed as <c>/var/…</c>).
    /// </summary>
    public bool IsExecutedFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return ExecutedPath is not null && SandboxParameters.PrivateForm(path) == SandboxParameters.PrivateForm(ExecutedPath);
    }

    /// <summary>The user's location for an executed line and optional column; <see langword="null"/> past the end.</summary>
    public SourceLocation? Map(int line, int? column)
    {
        foreach (var segment in Segments)
        {
            if (line >= segment.FirstLine && line < segment.FirstLine + segment.LineCount)
            {
                var userColumn = column is { } c ? c - Insertions.Where(i => i.Line == line && i.Column < c).Sum(i => i.Length) : 1;
                var position = new LinePosition(line - segment.FirstLine + 1, Math.Max(1, userColumn));
                return new SourceLocation(segment.Path, default, position, position);
            }
        }

        return null;
    }
}
