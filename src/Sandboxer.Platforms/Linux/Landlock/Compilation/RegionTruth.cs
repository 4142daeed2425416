namespace Sandboxer.Platforms.Linux.Landlock.Compilation;

/// <summary>Whether a path filter matches every path of a region, none of them, or only some.</summary>
internal enum RegionTruth
{
    None,
    All,
    Some,
}
