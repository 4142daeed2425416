namespace Sandboxer.Synthesis.Platforms;

/// <summary>When a platform essential belongs in a profile.</summary>
internal enum PlatformCondition
{
    /// <summary>Every profile: without it programs do not start or misbehave.</summary>
    Always,

    /// <summary>Only when the profile allows network access (DNS, certificate checks).</summary>
    WhenNetworkAllowed,
}
