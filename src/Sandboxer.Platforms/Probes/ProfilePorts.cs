using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Platforms.Probes;

/// <summary>The ports a profile's network rules name: probes pick ports the profile does not mention.</summary>
internal static class ProfilePorts
{
    public static HashSet<int> Mentioned(Profile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return [.. profile.Rules.Where(r => r.Filter is not null).SelectMany(r => Of(r.Filter!))];
    }

    private static IEnumerable<int> Of(Filter filter) => filter switch
    {
        NetworkFilter { Port: { } port } => [port],
        RequireAll all => all.Filters.SelectMany(Of),
        RequireAny any => any.Filters.SelectMany(Of),
        RequireNot not => Of(not.Filter),
        _ => [],
    };
}
