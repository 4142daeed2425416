using Sandboxer.Events;

namespace Sandboxer.Platforms.Linux.Landlock.Audit;

/// <summary>
/// One Landlock denial: the event (result <c>denied</c>), the Landlock right that blocked it (<c>fs.read_file</c>, …),
/// whether <see cref="AccessEvent.Path"/> is the directory in which an entry was to be created or removed, and the
/// kernel's domain id.
/// </summary>
internal sealed record LandlockDenial(AccessEvent Event, string Blocker, bool PathIsParent, string Domain);
