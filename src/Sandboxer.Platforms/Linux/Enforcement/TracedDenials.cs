using Sandboxer.Events;
using Sandboxer.Platforms.Linux.Landlock;
using Sandboxer.Platforms.Linux.Landlock.Audit;

namespace Sandboxer.Platforms.Linux.Enforcement;

/// <summary>
/// Collects the denials of a run traced by strace inside its Landlock domain: every access that failed with
/// <c>EACCES</c> or <c>EPERM</c> (the tracer reports both as <c>error:EACCES</c>) or <c>EXDEV</c>, cross-checked with the
/// engine and the plan (<see cref="DenialExplainer.ExplainError"/>). One call can stand for several accesses (an
/// <c>open(O_RDWR|O_CREAT)</c> reads, writes and creates); when one of them is refused by the sandbox, the others of the
/// same call are not reported as file-permission errors. When the plan has widenings for this traced run, a successful
/// access they let through that the profile does not allow is a denial too. Also notices when the program itself could not be executed.
/// </summary>
internal sealed class TracedDenials
{
    private readonly DenialExplainer _explainer;
    private readonly LandlockPlan _plan;
    private readonly List<AccessEvent> _call = [];
    private readonly List<ExplainedDenial> _denials = [];
    private bool _sawExec;

    public TracedDenials(DenialExplainer explainer, LandlockPlan plan)
    {
        _explainer = explainer;
        _plan = plan;
    }

    /// <summary>The program's own exec failed (the first exec of the trace): it never ran.</summary>
    public AccessEvent? FailedStart { get; private set; }

    /// <summary>The tracer's event sink (called on one thread, in trace order).</summary>
    public void Add(AccessEvent accessEvent)
    {
        ArgumentNullException.ThrowIfNull(accessEvent);
        if (!_sawExec && accessEvent.Operation == "process-exec")
        {
            _sawExec = true;
            if (!accessEvent.Result.IsOk)
            {
                FailedStart = accessEvent;
            }
        }

        if (!IsRefusal(accessEvent.Result))
        {
            Flush();
            if (accessEvent.Result.IsOk && _explainer.ExplainWidened(accessEvent, _plan) is { } widened)
            {
                _denials.Add(widened);
            }

            return;
        }

        if (_call.Count > 0 && !SameCall(_call[0], accessEvent))
        {
            Flush();
        }

        _call.Add(AsLandlockSeesIt(accessEvent));
    }

    /// <summary>
    /// Opening a directory (<c>O_DIRECTORY</c>, which the tracer records as a metadata access) needs Landlock's
    /// READ_DIR, the right the profile grants with <c>file-read-data</c> on the directory: a refused one is that access.
    /// </summary>
    private static AccessEvent AsLandlockSeesIt(AccessEvent accessEvent) =>
        accessEvent is { Operation: "file-read-metadata", FileType: "directory", Syscall: "open" or "openat" or "openat2" }
            ? accessEvent with { Operation = "file-read-data" }
            : accessEvent;

    /// <summary>Everything collected, once the trace has ended.</summary>
    public IReadOnlyList<ExplainedDenial> Complete()
    {
        Flush();
        return _denials;
    }

    private static bool IsRefusal(AccessResult result) => result.Kind == AccessResultKind.Error && result.Errno is "EACCES" or "EPERM" or "EXDEV";

    /// <summary>The events of one call come one after the other, from one task, with one result and one object.</summary>
    private static bool SameCall(AccessEvent first, AccessEvent next) =>
        first.Pid == next.Pid && first.Syscall == next.Syscall && first.Result == next.Result
        && first.Path == next.Path && first.Remote == next.Remote && first.Local == next.Local;

    private void Flush()
    {
        if (_call.Count == 0)
        {
            return;
        }

        var explained = _call.Select(e => _explainer.ExplainError(e, _plan)).ToList();
        _call.Clear();
        var bySandbox = explained.Where(d => d.Cause != DenialCause.NotSandbox).ToList();
        _denials.AddRange(bySandbox.Count > 0 ? bySandbox : explained);
    }
}
