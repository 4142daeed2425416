using Sandboxer.Events;

namespace Sandboxer.Synthesis;

/// <summary>An observed access the synthesized profile would not allow, with the engine's explanation.</summary>
public sealed record CoverageMiss(AccessEvent Event, int Run, string Explanation);
