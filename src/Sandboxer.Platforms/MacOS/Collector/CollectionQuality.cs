namespace Sandboxer.Platforms.MacOS.Collector;

/// <summary>How much trust the collected reports deserve. Even at best they are a lower bound (reporting is lossy).</summary>
internal enum CollectionQuality
{
    /// <summary>READY and FENCE were both seen: the stream covered the whole run.</summary>
    Fenced,

    /// <summary>READY was seen but FENCE was not within its bound: late reports of the run may be missing.</summary>
    Unfenced,

    /// <summary>READY was never seen: the stream may have missed the start (or everything) of the run.</summary>
    NotLive,

    /// <summary>The log stream ended or failed (e.g. <c>log: Cannot run while sandboxed</c>): nothing could be observed.</summary>
    StreamFailed,
}
