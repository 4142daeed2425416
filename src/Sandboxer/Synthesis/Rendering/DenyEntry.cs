using Sandboxer.Synthesis.Paths;

namespace Sandboxer.Synthesis.Rendering;

/// <summary>One location of the mandatory deny section: what, whether it is a directory, which accesses, why.</summary>
public sealed record DenyEntry(AnchoredPath Path, bool IsDirectory, bool DenyRead, bool DenyWrite, string Reason);
