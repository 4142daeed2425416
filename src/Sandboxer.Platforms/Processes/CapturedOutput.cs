namespace Sandboxer.Platforms.Processes;

/// <summary>
/// What the target wrote to stdout while it was captured: the first <see cref="Bytes"/> (up to the launch's limit),
/// the total length and a SHA-256 over all of it, so two runs can be compared without keeping everything.
/// </summary>
internal sealed record CapturedOutput(byte[] Bytes, long Length, string Sha256)
{
    public bool IsTruncated => Bytes.LongLength < Length;

    /// <summary>True when both runs wrote exactly the same bytes.</summary>
    public bool SameAs(CapturedOutput other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Length == other.Length && string.Equals(Sha256, other.Sha256, StringComparison.Ordinal);
    }
}
