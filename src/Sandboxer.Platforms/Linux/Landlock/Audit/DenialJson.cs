using Sandboxer.Events;

namespace Sandboxer.Platforms.Linux.Landlock.Audit;

/// <summary>
/// One JSON Lines record per denial: the event in the <see cref="EventJson"/> schema (<c>"result":"denied"</c>), plus
/// the fields readers may ignore: <c>cause</c> (<c>profile</c>, <c>compiled-stricter</c>), <c>reason</c> (the one-line
/// explanation), <c>rule</c> (<c>text</c>, <c>file</c>, <c>line</c>, <c>column</c>, or null when a default decided) and
/// <c>blocker</c> (the Landlock right, e.g. <c>fs.read_file</c>).
/// </summary>
internal static class DenialJson
{
    public static string Serialize(ExplainedDenial denial, string? blocker)
    {
        ArgumentNullException.ThrowIfNull(denial);
        var cause = denial.Cause switch
        {
            DenialCause.Profile => "profile",
            DenialCause.CompiledStricter => "compiled-stricter",
            _ => "not-sandbox",
        };
        var node = DenialRecordJson.Create(denial.Event, cause, denial.Explanation, denial.Decision?.Rule);
        if (blocker is not null)
        {
            node["blocker"] = blocker;
        }

        return DenialRecordJson.ToLine(node);
    }
}
