using Sandboxer.Analysis;
using Sandboxer.Synthesis.Paths;
using Sandboxer.Synthesis.Rendering;

namespace Sandboxer.Synthesis;

/// <summary>
/// The secrets and persistence points every generated profile denies explicitly (from <see cref="SensitiveLocations"/>),
/// HOME-relative ones through <c>(param "HOME")</c>. They stay denied while the refine loop learns: a program that
/// needs one gets a clear report, not a silent grant.
/// </summary>
public static class MandatoryDenySet
{
    public static IReadOnlyList<DenyEntry> For(TargetPlatform platform)
    {
        var entries = new List<DenyEntry>();
        foreach (var location in SensitiveLocations.For(platform))
        {
            var path = location.IsHomeRelative
                ? new AnchoredPath(ProfileParameters.Home, location.Path[1..])
                : AnchoredPath.Absolute(location.Resolve(SensitiveLocations.PlaceholderHome(platform), platform));
            entries.Add(new DenyEntry(
                path,
                location.IsDirectory,
                DenyRead: (location.Threat & SensitiveAccess.Read) != 0,
                DenyWrite: true,
                location.Path + ": " + location.Reason));
        }

        return entries;
    }
}
