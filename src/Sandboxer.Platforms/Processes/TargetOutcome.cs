using System.Globalization;

namespace Sandboxer.Platforms.Processes;

/// <summary>How a target run ended.</summary>
internal sealed record TargetOutcome
{
    /// <summary>The target's exit code; 128 + the signal number when a signal killed it (shell convention).</summary>
    public required int ExitCode { get; init; }

    /// <summary>The signal that killed the target, if any.</summary>
    public int? Signal { get; init; }

    /// <summary>
    /// The run was interrupted (SIGINT/SIGTERM to the tool, cancellation, or the program died of a SIGINT, as after
    /// a Ctrl-C typed at its terminal); the CLI exits 130.
    /// </summary>
    public bool Interrupted { get; init; }

    /// <summary>The signal that interrupted the run (SIGINT for cancellation).</summary>
    public int? InterruptSignal { get; init; }

    /// <summary>The run hit <see cref="TargetLaunch.Timeout"/> and was stopped.</summary>
    public bool TimedOut { get; init; }

    /// <summary>
    /// A long-running target was stopped by the tool once its run was done (<see cref="TargetLaunch.LongRunning"/>): not
    /// an interrupt, and its exit code (usually 143, SIGTERM) says nothing about how it behaved.
    /// </summary>
    public bool StoppedByTool { get; init; }

    /// <summary>For a long-running target: readiness, the exercise and how it was stopped.</summary>
    public LongRunningResult? LongRunning { get; init; }

    /// <summary>Whether the exercise of a long-running target succeeded; null when there was none.</summary>
    public bool? ExerciseSucceeded => LongRunning?.Exercise?.Succeeded;

    /// <summary>Processes of the target's tree that were still running when it ended and had to be terminated.</summary>
    public int TerminatedStragglers { get; init; }

    /// <summary>Captured stdout when <see cref="TargetLaunch.CaptureOutput"/> was set.</summary>
    public CapturedOutput? Output { get; init; }

    /// <summary>Pid of the process the runner started (the wrapper when there is one).</summary>
    public int Pid { get; init; }

    public TimeSpan Elapsed { get; init; }

    /// <summary>
    /// A short human description: "exited with 3", "killed by SIGSEGV", "interrupted", for a long-running target
    /// "listened on port 8000 after 0.4 s, the exercise succeeded, stopped".
    /// </summary>
    public string Describe()
    {
        if (Interrupted)
        {
            return "interrupted by " + SignalNames.Name(InterruptSignal ?? SignalNames.SIGINT);
        }

        var text = Signal is { } signal
            ? "killed by " + SignalNames.Name(signal)
            : "exited with " + ExitCode.ToString(CultureInfo.InvariantCulture);
        if (TimedOut)
        {
            return "timed out, " + text;
        }

        return LongRunning is { } longRunning ? longRunning.Describe(text) : text;
    }
}
