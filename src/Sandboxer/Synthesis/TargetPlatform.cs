namespace Sandboxer.Synthesis;

/// <summary>The platform a profile is generated for: paths, base rules and what can be enforced differ.</summary>
public enum TargetPlatform
{
    Linux,
    MacOS,
}
