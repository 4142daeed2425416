using System.Globalization;

namespace Sandboxer.Platforms.Processes;

/// <summary>Why a long-running run did not go as planned.</summary>
internal enum LongRunningFailure
{
    None,

    /// <summary>The target ended by itself before it listened on the ready port.</summary>
    ExitedBeforeReady,

    /// <summary>The target did not listen on the ready port within the ready timeout.</summary>
    NotReady,

    /// <summary>The target listens, but only inside its network namespace: the exercise cannot reach it.</summary>
    Unreachable,

    /// <summary>The exercise command failed, timed out or could not be started.</summary>
    ExerciseFailed,

    /// <summary>The target ended by itself after it was ready, before the tool stopped it.</summary>
    ExitedBeforeStop,
}

/// <summary>How a long-running target's run went: when it became ready, how its exercise went, and whether the tool stopped it.</summary>
internal sealed record LongRunningResult
{
    public required LongRunningOptions Options { get; init; }

    /// <summary>When the target was found listening on the ready port (from its start); null when it never was, or there is no port.</summary>
    public TimeSpan? ReadyAfter { get; init; }

    /// <summary>The exercise, when one was given and the target got ready for it.</summary>
    public ExerciseResult? Exercise { get; init; }

    /// <summary>The tool stopped the target (SIGTERM, then SIGKILL) rather than the target ending by itself.</summary>
    public bool StoppedByTool { get; init; }

    public LongRunningFailure Failure { get; init; }

    /// <summary>When the tool decided to stop the target (from its start); null when it ended otherwise.</summary>
    public TimeSpan? StoppedAt { get; init; }

    /// <summary>True when the run went as a long-running run should: ready, exercised successfully, stopped by the tool.</summary>
    public bool Succeeded => Failure == LongRunningFailure.None && StoppedByTool;

    /// <summary>
    /// "listened on port 8000 after 0.4 s, the exercise succeeded, stopped"; "exited with 1 before it listened on port
    /// 8000"; <paramref name="ending"/> describes how the target itself ended ("exited with 1").
    /// </summary>
    public string Describe(string ending)
    {
        var port = Options.ReadyPort is { } number ? "port " + number.ToString(CultureInfo.InvariantCulture) : "its port";
        var parts = new List<string>();
        switch (Failure)
        {
            case LongRunningFailure.ExitedBeforeReady:
                return ending + " before it listened on " + port;
            case LongRunningFailure.NotReady:
                return string.Create(CultureInfo.InvariantCulture, $"did not listen on {port} within {Options.ReadyTimeout.TotalSeconds:0.##} s; stopped");
            case LongRunningFailure.Unreachable:
                return "listened on " + port + " inside its network namespace, but the host cannot reach it (" + Options.ReadyPortUnreachable + "); stopped";
        }

        if (ReadyAfter is { } ready)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"listened on {port} after {ready.TotalSeconds:0.##} s"));
        }

        if (Exercise is { } exercise)
        {
            parts.Add("the exercise " + exercise.Describe());
        }

        parts.Add(Failure == LongRunningFailure.ExitedBeforeStop ? ending + " before it was stopped"
            : StoppedAt is { } stopped ? string.Create(CultureInfo.InvariantCulture, $"stopped after {stopped.TotalSeconds:0.##} s")
            : "stopped");
        return string.Join(", ", parts);
    }

    /// <summary>
    /// The exit code of <c>run</c> and <c>trace</c> for this run, whose program ended with <paramref name="programExitCode"/>
    /// (the tool's stop makes that meaningless): 0 when it went as planned, the program's own code when it ended by
    /// itself (1 if that was 0), 1 when it never got ready or the exercise failed.
    /// </summary>
    public int ExitCode(int programExitCode) => Failure switch
    {
        _ when Succeeded => 0,
        LongRunningFailure.ExitedBeforeReady or LongRunningFailure.ExitedBeforeStop => programExitCode == 0 ? 1 : programExitCode,
        _ => 1,
    };

    /// <summary>For a failed exercise: "the exercise `CMD` failed (exited with 7): LAST | LINES", so the user sees why the run was not normal.</summary>
    public string? ExerciseNote()
    {
        if (Exercise is not { Succeeded: false } exercise)
        {
            return null;
        }

        var lines = exercise.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return "the exercise `" + exercise.Command + "` " + exercise.Describe() + (lines.Length == 0 ? ": it printed nothing" : ": " + string.Join(" | ", lines.TakeLast(3)));
    }
}
