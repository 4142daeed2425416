namespace Sandboxer.Synthesis.Grants;

/// <summary>The section of the generated profile a rule belongs to, in output order.</summary>
public enum GrantCategory
{
    Processes,
    Metadata,
    Read,
    Write,
    Executable,
    Devices,
    Network,
    Services,
    PlatformEssentials,
}
