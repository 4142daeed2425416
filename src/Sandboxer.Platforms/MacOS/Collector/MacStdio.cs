namespace Sandboxer.Platforms.MacOS.Collector;

/// <summary>What a run does with the program's standard streams.</summary>
internal enum MacStdio
{
    /// <summary>stdin closed, stdout and stderr captured (sentinels, the probe, <c>profile</c> runs).</summary>
    Capture,

    /// <summary>
    /// stdin and stdout are the tool's own (interactive programs keep working, <c>run</c>); stderr is forwarded to
    /// the tool's stderr as it comes and its beginning kept, so sandbox-exec's own messages can still be classified.
    /// </summary>
    PassThrough,
}
