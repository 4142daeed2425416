namespace Sandboxer.Platforms.MacOS.Collector;

/// <summary>One live process of a <see cref="ProcessListing"/>.</summary>
/// <param name="Pid">Its process id.</param>
/// <param name="ParentPid">Its parent's id now (launchd's, 1, once its parent has died: macOS has no subreaper).</param>
/// <param name="Started">When it started, as <c>ps</c> prints it: with the pid, it names one process even after the pid is reused.</param>
internal readonly record struct ProcessEntry(int Pid, int ParentPid, string Started);
