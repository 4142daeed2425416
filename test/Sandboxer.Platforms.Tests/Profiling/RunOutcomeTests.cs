using Sandboxer.Platforms.Processes;
using Sandboxer.Platforms.Profiling;

namespace Sandboxer.Platforms.Tests.Profiling;

public sealed class RunOutcomeTests
{
    private static readonly LongRunningOptions Server = new(8000, TimeSpan.FromSeconds(30), "curl -f http://127.0.0.1:8000/", null);

    [Fact]
    public void Long_running_runs_match_when_both_succeeded_whatever_their_exit_codes()
    {
        var observed = Outcome(143, 15, Succeeded());
        var enforced = Outcome(137, 9, Succeeded());

        Assert.True(enforced.Matches(observed, compareOutput: true));
    }

    [Fact]
    public void A_long_running_run_that_failed_never_matches()
    {
        var observed = Outcome(143, 15, Succeeded());
        var exerciseFailed = Outcome(143, 15, Succeeded() with { Failure = LongRunningFailure.ExerciseFailed, Exercise = Exercise(7) });
        var exitedEarly = Outcome(1, null, new LongRunningResult { Options = Server, Failure = LongRunningFailure.ExitedBeforeReady });

        Assert.False(exerciseFailed.Matches(observed, compareOutput: false));
        Assert.False(exitedEarly.Matches(observed, compareOutput: false));
        Assert.False(observed.Matches(exitedEarly, compareOutput: false));
    }

    [Fact]
    public void Ordinary_runs_still_compare_exit_codes_and_output()
    {
        var first = new RunOutcome(0, null, false, false, "a", TimeSpan.Zero);

        Assert.True(first.Matches(first with { Elapsed = TimeSpan.FromSeconds(1) }, compareOutput: true));
        Assert.False(first.Matches(first with { ExitCode = 1 }, compareOutput: false));
        Assert.False(first.Matches(first with { OutputDigest = "b" }, compareOutput: true));
    }

    [Fact]
    public void A_long_running_outcome_describes_readiness_exercise_and_stop()
    {
        Assert.Equal("listened on port 8000 after 0.5 s, the exercise succeeded, stopped after 0.7 s", Outcome(143, 15, Succeeded()).Describe());
        Assert.Equal(
            "ready when it listens on port 8000 (within 30 s), exercised with `curl -f http://127.0.0.1:8000/`, then stopped",
            Server.Describe());
        Assert.Equal("stopped 2 s after it is ready", new LongRunningOptions(null, TimeSpan.FromSeconds(30), null, TimeSpan.FromSeconds(2)).Describe());
    }

    private static LongRunningResult Succeeded() => new()
    {
        Options = Server,
        ReadyAfter = TimeSpan.FromMilliseconds(500),
        Exercise = Exercise(0),
        StoppedByTool = true,
        StoppedAt = TimeSpan.FromMilliseconds(700),
    };

    private static ExerciseResult Exercise(int exitCode) =>
        new(Server.Exercise!, exitCode, null, false, false, string.Empty, false, TimeSpan.FromMilliseconds(100));

    private static RunOutcome Outcome(int exitCode, int? signal, LongRunningResult longRunning) =>
        new(exitCode, signal, false, false, null, TimeSpan.FromSeconds(1), longRunning.Exercise?.Succeeded) { LongRunning = longRunning };
}
