using Sandboxer.Analysis;

namespace Sandboxer.Synthesis.Generalization;

/// <summary><see cref="ISensitivityCheck"/> over the <see cref="SensitiveLocations"/> catalogue for one HOME and platform.</summary>
public sealed class CatalogSensitivity(string home, TargetPlatform platform) : ISensitivityCheck
{
    public string? Classify(string absolutePath) =>
        SensitiveLocations.Match(absolutePath, home, platform) is { } location ? Describe(location) : null;

    public string? ClassifyFor(string absolutePath, PathRole role)
    {
        if (SensitiveLocations.Match(absolutePath, home, platform) is not { } location)
        {
            return null;
        }

        var threat = role == PathRole.Read ? SensitiveAccess.Read : SensitiveAccess.Write;
        return role == PathRole.Execute || (location.Threat & threat) != 0 ? Describe(location) : null;
    }

    public string? FindInside(string absoluteDirectory)
    {
        ArgumentNullException.ThrowIfNull(absoluteDirectory);
        var prefix = absoluteDirectory.TrimEnd('/') + "/";
        return SensitiveLocations.For(platform)
            .Select(l => (Location: l, Path: l.Resolve(home, platform)))
            .Where(l => l.Path.StartsWith(prefix, StringComparison.Ordinal))
            .Select(l => Describe(l.Location))
            .FirstOrDefault();
    }

    private static string Describe(SensitiveLocation location) => location.Path + ": " + location.Reason;
}
