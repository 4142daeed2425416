using Sandboxer.Events;
using Sandboxer.Sbpl.Engine;

namespace Sandboxer.Analysis.Replay;

/// <summary>One recorded access (identical ones merged, see <see cref="AccessEvent.Count"/>) and the profile's decision on it.</summary>
public sealed record ReplayedEvent(AccessEvent Event, Decision Decision);
