using Sandboxer.Events;
using Sandboxer.Synthesis.Platforms;

namespace Sandboxer.Platforms.MacOS.Collector;

/// <summary>An event of the run that a macOS platform essential covers (startup noise included), with that entry.</summary>
internal sealed record ObservedEssential(AccessEvent Event, PlatformEssential Essential);
