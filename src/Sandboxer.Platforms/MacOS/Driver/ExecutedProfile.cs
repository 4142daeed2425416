using System.Text;
using Sandboxer.Collections;
using Sandboxer.Sbpl.Formatting;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Platforms.MacOS.Driver;

/// <summary>
/// The profile text <c>sandbox-exec</c> runs: the user's files concatenated in order (sandbox-exec takes one
/// <c>-f</c>), and <c>(with message "TAG")</c> added to every deny form that has no message yet — including
/// <c>(deny default)</c> — so every denial of the run is reported with the run's tag (only rules carrying the
/// modifier are tagged). The tag is inserted before the form's closing parenthesis, so no line moves and the
/// <see cref="Map"/> gives the user's file, line and column back for any compile error. With no tag the files are
/// only concatenated.
/// </summary>
internal sealed record ExecutedProfile(string Text, ProfileSourceMap Map)
{
    public static ExecutedProfile Build(IReadOnlyList<SourceText> sources, string? tag)
    {
        ArgumentNullException.ThrowIfNull(sources);
        if (sources.Count == 0)
        {
            throw new ArgumentException("at least one profile is needed", nameof(sources));
        }

        if (tag is not null && !RunTag.IsValid(tag))
        {
            throw new ArgumentException($"'{tag}' is not a valid run tag", nameof(tag));
        }

        var combined = new StringBuilder();
        var segments = new List<ProfileSegment>(sources.Count);
        var line = 1;
        foreach (var source in sources)
        {
            var text = source.Text.Replace("\r\n", "\n", StringComparison.Ordinal);
            if (!text.EndsWith('\n'))
            {
                text += "\n";
            }

            var lines = text.Count(c => c == '\n');
            segments.Add(new ProfileSegment(source.Path, line, lines));
            combined.Append(text);
            line += lines;
        }

        var untagged = combined.ToString();
        if (tag is null)
        {
            return new ExecutedProfile(untagged, new ProfileSourceMap(null, [.. segments], []));
        }

        var modifier = " (with message " + SbplString.Quote(tag) + ")";
        var index = new SourceText(untagged, "<combined>");
        var insertions = new List<ProfileInsertion>();
        var output = new StringBuilder(untagged.Length + 64);
        var copied = 0;
        var shift = new Dictionary<int, int>();
        foreach (var form in DenyFormLocator.Locate(index).Where(f => !f.HasMessage))
        {
            output.Append(untagged, copied, form.CloseOffset - copied).Append(modifier);
            copied = form.CloseOffset;
            var position = index.GetLinePosition(form.CloseOffset);
            var already = shift.GetValueOrDefault(position.Line);
            insertions.Add(new ProfileInsertion(position.Line, position.Column + already, modifier.Length));
            shift[position.Line] = already + modifier.Length;
        }

        output.Append(untagged, copied, untagged.Length - copied);
        return new ExecutedProfile(output.ToString(), new ProfileSourceMap(null, [.. segments], [.. insertions]));
    }
}
