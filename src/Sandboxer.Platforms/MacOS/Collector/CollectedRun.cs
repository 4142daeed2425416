using Sandboxer.Collections;
using Sandboxer.Events;
using Sandboxer.Platforms.MacOS.Driver;
using Sandboxer.Platforms.MacOS.Reports;

namespace Sandboxer.Platforms.MacOS.Collector;

/// <summary>
/// The result of one observed run. <see cref="Events"/> are the run's reports (tagged, or from its processes),
/// duplicates folded — a lower bound of what the profile denied (or reported), never the full set.
/// </summary>
/// <param name="Tag">The run's tag, on every deny rule of the executed profile.</param>
/// <param name="Argv">The sandbox-exec command line; empty when the target was not started.</param>
/// <param name="Outcome">What sandbox-exec did; <see langword="null"/> when the target was not started because the stream failed.</param>
/// <param name="Process">The target's process result, when it ran.</param>
/// <param name="Events">The run's events, in first-seen order.</param>
/// <param name="Essentials">Those events a macOS platform essential covers (startup noise included): kept, and labelled.</param>
/// <param name="Quality">Whether READY and FENCE were seen.</param>
/// <param name="Detail">Why the quality is not <see cref="CollectionQuality.Fenced"/>, when it is not.</param>
/// <param name="LateReports">Reports of the run that arrived after the FENCE (e.g. duplicate summaries emitted seconds later).</param>
/// <param name="Statistics">Everything else the stream carried (other processes' reports are counted, not returned).</param>
/// <param name="StreamErrors">Stream lines that could not be read.</param>
internal sealed record CollectedRun(
    string Tag,
    EquatableArray<string> Argv,
    SandboxExecOutcome? Outcome,
    MacProcessResult? Process,
    IReadOnlyList<AccessEvent> Events,
    IReadOnlyList<ObservedEssential> Essentials,
    CollectionQuality Quality,
    string? Detail,
    int LateReports,
    SandboxLogStatistics Statistics,
    IReadOnlyList<string> StreamErrors);
