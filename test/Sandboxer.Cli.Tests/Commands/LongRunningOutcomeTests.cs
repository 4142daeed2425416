using Sandboxer.Cli.Commands;
using Sandboxer.Platforms.Processes;

namespace Sandboxer.Cli.Tests.Commands;

public sealed class LongRunningOutcomeTests
{
    private static readonly LongRunningOptions Options = new(8000, TimeSpan.FromSeconds(30), "true", null);

    [Theory]
    [InlineData(nameof(LongRunningFailure.None), true, 143, 0)]
    [InlineData(nameof(LongRunningFailure.ExitedBeforeReady), false, 3, 3)]
    [InlineData(nameof(LongRunningFailure.ExitedBeforeStop), false, 0, 1)]
    [InlineData(nameof(LongRunningFailure.NotReady), true, 143, 1)]
    [InlineData(nameof(LongRunningFailure.Unreachable), true, 143, 1)]
    [InlineData(nameof(LongRunningFailure.ExerciseFailed), true, 143, 1)]
    public void The_exit_code_says_how_the_long_running_run_went(string failureName, bool stopped, int targetExit, int expected)
    {
        var failure = Enum.Parse<LongRunningFailure>(failureName);
        var outcome = new TargetOutcome
        {
            ExitCode = targetExit,
            StoppedByTool = stopped,
            LongRunning = new LongRunningResult { Options = Options, Failure = failure, StoppedByTool = stopped },
        };

        Assert.Equal(expected, LongRunningOutcome.ExitCode(outcome));
    }

    [Fact]
    public void An_interrupted_run_exits_130_and_an_ordinary_one_with_its_own_code()
    {
        Assert.Equal(130, LongRunningOutcome.ExitCode(new TargetOutcome { ExitCode = 130, Interrupted = true, LongRunning = new LongRunningResult { Options = Options } }));
        Assert.Equal(4, LongRunningOutcome.ExitCode(new TargetOutcome { ExitCode = 4 }));
    }
}
