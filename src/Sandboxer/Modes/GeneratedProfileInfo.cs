using System.Text.Json;
using Sandboxer.Collections;

namespace Sandboxer.Modes;

/// <summary>
/// What a generated profile's machine-readable header line (<c>;; sandboxer: {json}</c>, written by the profile
/// renderer) says about the mode and command it was made for.
/// </summary>
internal sealed record GeneratedProfileInfo(string? Mode, EquatableArray<string> Command, string? Platform = null, EquatableArray<string> Parameters = default)
{
    private const string Prefix = ";; sandboxer:";

    /// <summary>The header of <paramref name="profileText"/>, or null when it has none (hand-written or not parseable).</summary>
    public static GeneratedProfileInfo? Read(string profileText)
    {
        ArgumentNullException.ThrowIfNull(profileText);
        foreach (var line in profileText.Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            if (!trimmed.StartsWith(Prefix, StringComparison.Ordinal))
            {
                if (trimmed.Length > 0 && !trimmed.StartsWith(';'))
                {
                    return null;
                }

                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(trimmed[Prefix.Length..]);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    return null;
                }

                var mode = root.TryGetProperty("mode", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                var command = root.TryGetProperty("command", out var c) && c.ValueKind == JsonValueKind.Array
                    ? c.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
                    : [];
                var platform = root.TryGetProperty("platform", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
                var parameters = root.TryGetProperty("parameters", out var ps) && ps.ValueKind == JsonValueKind.Array
                    ? ps.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
                    : [];
                return new GeneratedProfileInfo(mode, [.. command], platform, [.. parameters]);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        return null;
    }
}
