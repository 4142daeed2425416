using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Tests.Support;

/// <summary>Compares evaluated profiles by meaning: rule locations and source text are left out.</summary>
internal static class ProfileComparison
{
    public static Profile WithoutSources(Profile profile) => new(
        [.. profile.Rules.Select(r => r with { Location = null, Text = null })],
        [.. profile.UnresolvedImports.Select(u => u with { Location = null })]);
}
