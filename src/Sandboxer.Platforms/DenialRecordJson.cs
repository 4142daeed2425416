using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sandboxer.Events;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Platforms;

/// <summary>
/// The part of a <c>run --denials</c> record both platforms write: the event in the <see cref="EventJson"/> schema,
/// then <c>cause</c>, <c>reason</c> and <c>rule</c> (<c>text</c>, <c>file</c>, <c>line</c>, <c>column</c>, or null when a
/// default decided). Each platform adds its own fields before writing the line.
/// </summary>
internal static class DenialRecordJson
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonObject Create(AccessEvent accessEvent, string cause, string reason, Rule? rule)
    {
        ArgumentNullException.ThrowIfNull(accessEvent);
        var node = JsonNode.Parse(EventJson.Serialize(accessEvent))!.AsObject();
        node["cause"] = cause;
        node["reason"] = reason;
        if (rule is null)
        {
            node["rule"] = null;
            return node;
        }

        var ruleNode = new JsonObject { ["text"] = rule.Text };
        if (rule.Location is { } location)
        {
            ruleNode["file"] = location.Path;
            ruleNode["line"] = location.Start.Line;
            ruleNode["column"] = location.Start.Column;
        }

        node["rule"] = ruleNode;
        return node;
    }

    /// <summary>The record as one JSON line (non-ASCII text kept readable).</summary>
    public static string ToLine(JsonObject record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.ToJsonString(Options);
    }
}
