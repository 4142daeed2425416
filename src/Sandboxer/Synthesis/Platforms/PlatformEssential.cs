using Sandboxer.Collections;
using Sandboxer.Events;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Synthesis.Platforms;

/// <summary>
/// An access the platform itself needs on behalf of (nearly) every program, with why it is needed and what
/// allowing it risks. The synthesizer emits these as explicit allow rules with <see cref="Reason"/> as a comment,
/// instead of learning them from observations.
/// </summary>
/// <param name="Id">Stable identifier, e.g. <c>dyld-cryptex</c>.</param>
/// <param name="Operations">Canonical operations the rule allows.</param>
/// <param name="Filter">What it applies to: a <see cref="PathFilter"/> or <see cref="NameFilter"/>.</param>
/// <param name="Reason">Why programs need it (one line; becomes the rule's comment).</param>
/// <param name="Risk">What a hostile program could do with it.</param>
/// <param name="Condition">When it belongs in a profile.</param>
/// <param name="IsStartupNoise">
/// True for accesses nearly every process makes at startup whatever it does (<c>/dev/dtracehelper</c>,
/// <c>com.apple.logd</c>, …): their denials say nothing about the program, so the collector marks them as such —
/// never drops them.
/// </param>
internal sealed record PlatformEssential(
    string Id,
    EquatableArray<string> Operations,
    Filter Filter,
    string Reason,
    string Risk,
    PlatformCondition Condition = PlatformCondition.Always,
    bool IsStartupNoise = false)
{
    /// <summary>True when the rule this entry stands for would allow <paramref name="access"/>.</summary>
    public bool Covers(AccessEvent access)
    {
        ArgumentNullException.ThrowIfNull(access);
        if (!Operations.Any(o => OperationCatalog.IsCoveredBy(access.Operation, o)))
        {
            return false;
        }

        return Filter switch
        {
            PathFilter path => access.Path is { } p && PathMatches(path, p),
            NameFilter name => access.Name is { } n && (name.Match == NameMatch.Exact ? n == name.Value : n.StartsWith(name.Value, StringComparison.Ordinal)),
            _ => false,
        };
    }

    private static bool PathMatches(PathFilter filter, string path) => filter.Match switch
    {
        PathMatch.Literal => path == filter.Pattern,
        PathMatch.Subpath => path == filter.Pattern || path.StartsWith(filter.Pattern.TrimEnd('/') + "/", StringComparison.Ordinal),
        PathMatch.Prefix => path.StartsWith(filter.Pattern, StringComparison.Ordinal),
        _ => false,
    };
}
