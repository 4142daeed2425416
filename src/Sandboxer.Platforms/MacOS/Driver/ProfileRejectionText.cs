using System.Text;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Platforms.MacOS.Driver;

/// <summary>
/// Says why <c>sandbox-exec</c> rejected a profile in the user's terms: <c>FILE:LINE:COL: error: sandbox-exec rejected the profile: MESSAGE</c>
/// (the location mapped back to the user's file), the offending line quoted, and the form from a <c>Backtrace:</c>
/// block when sandbox-exec gave one.
/// </summary>
internal static class ProfileRejectionText
{
    public static string Format(ProfileRejected rejected, IReadOnlyList<SourceText> sources)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        ArgumentNullException.ThrowIfNull(sources);
        var text = new StringBuilder();
        if (rejected.Location is { } location)
        {
            text.Append(location).Append(": error: ");
        }

        text.Append("sandbox-exec rejected the profile: ").Append(rejected.Message);
        if (rejected.Location is { } at && sources.FirstOrDefault(s => s.Path == at.Path) is { } source
            && source.GetLineText(at.Start.Line).Trim() is { Length: > 0 } line)
        {
            text.Append("\n    ").Append(line);
        }

        if (rejected.Form is { } form)
        {
            text.Append("\n    in ").Append(form);
        }

        return text.ToString();
    }
}
