using Sandboxer.Events;

namespace Sandboxer.Platforms.MacOS.Denials;

/// <summary>
/// One JSON Lines record per denial for <c>run --denials</c>: the event in the <see cref="EventJson"/> schema
/// (<c>"result":"denied"</c>, the run's <c>tag</c>), plus fields readers may ignore: <c>cause</c> (<c>profile</c>
/// when the engine agrees the profile denies it, <c>engine-disagrees</c> otherwise), <c>reason</c> (the one-line
/// explanation), <c>rule</c> (<c>text</c>, <c>file</c>, <c>line</c>, <c>column</c>, or null when a default
/// decided) and <c>essential</c> (the macOS base entry that covers it, when one does) — the Linux record's shape.
/// </summary>
internal static class MacDenialJson
{
    public static string Serialize(ExplainedMacDenial denial)
    {
        ArgumentNullException.ThrowIfNull(denial);
        var node = DenialRecordJson.Create(denial.Event, denial.EngineAgrees ? "profile" : "engine-disagrees", denial.Explanation, denial.Decision.Rule);
        if (denial.Essential is { } essential)
        {
            node["essential"] = essential.Id;
        }

        return DenialRecordJson.ToLine(node);
    }
}
