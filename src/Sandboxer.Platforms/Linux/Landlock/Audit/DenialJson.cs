using System.Text.Json.Nodes;
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
        var node = JsonNode.Parse(EventJson.Serialize(denial.Event))!.AsObject();
        node["cause"] = denial.Cause switch
        {
            DenialCause.Profile => "profile",
            DenialCause.CompiledStricter => "compiled-stricter",
            _ => "not-sandbox",
        };
        node["reason"] = denial.Explanation;
        if (denial.Decision?.Rule is { } rule)
        {
            var ruleNode = new JsonObject { ["text"] = rule.Text };
            if (rule.Location is { } location)
            {
                ruleNode["file"] = location.Path;
                ruleNode["line"] = location.Start.Line;
                ruleNode["column"] = location.Start.Column;
            }

            node["rule"] = ruleNode;
        }
        else
        {
            node["rule"] = null;
        }

        if (blocker is not null)
        {
            node["blocker"] = blocker;
        }

        return node.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
