using Sandboxer.Events;
using Sandboxer.Sbpl.Engine;
using Sandboxer.Synthesis.Platforms;

namespace Sandboxer.Platforms.MacOS.Denials;

/// <summary>A denial the kernel reported, cross-checked with the engine.</summary>
/// <param name="Event">The denial (<c>result</c> denied).</param>
/// <param name="Decision">What the engine decides for the same access under the profile.</param>
/// <param name="Essential">The macOS base entry that covers the access (platform noise included), when one does.</param>
/// <param name="Explanation">One line: the access and the rule (or default) that denies it, or the disagreement.</param>
internal sealed record ExplainedMacDenial(AccessEvent Event, Decision Decision, PlatformEssential? Essential, string Explanation)
{
    /// <summary>True when the engine finds the profile denies the access too (or may: undecidable).</summary>
    public bool EngineAgrees => Decision.MayBeDenied;
}
