using Sandboxer.Analysis;
using Sandboxer.Collections;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Synthesis.Platforms;

/// <summary>
/// The denies every macOS profile ends with (after its allows, so they win: the last matching rule decides):
/// the macOS entries of <see cref="SensitiveLocations"/> — keychains, cookies, browsers, Mail, Messages, Photos,
/// LaunchAgents and LaunchDaemons, shell start-up files, credentials — resolved for one HOME. Reading is denied where
/// reading is the threat, writing where writing is; directories as <c>subpath</c>, files as <c>literal</c>.
/// </summary>
internal static class MacOSMandatoryDenies
{
    private static readonly EquatableArray<string> ReadOnly = ["file-read*"];
    private static readonly EquatableArray<string> WriteOnly = ["file-write*"];
    private static readonly EquatableArray<string> ReadAndWrite = ["file-read*", "file-write*"];

    /// <summary>The denies for a user whose resolved home directory is <paramref name="home"/>.</summary>
    public static IReadOnlyList<MandatoryDeny> For(string home)
    {
        ArgumentException.ThrowIfNullOrEmpty(home);
        return
        [
            .. SensitiveLocations.For(TargetPlatform.MacOS).Select(location => new MandatoryDeny(
                location,
                location.Threat switch
                {
                    SensitiveAccess.Read => ReadOnly,
                    SensitiveAccess.Write => WriteOnly,
                    _ => ReadAndWrite,
                },
                new PathFilter(location.IsDirectory ? PathMatch.Subpath : PathMatch.Literal, location.Resolve(home, TargetPlatform.MacOS)))),
        ];
    }
}
