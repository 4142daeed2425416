namespace Sandboxer.Analysis;

/// <summary>The operating systems a sensitive location exists on.</summary>
[Flags]
public enum TargetPlatform
{
    MacOS = 1,
    Linux = 2,
    Both = MacOS | Linux,
}
