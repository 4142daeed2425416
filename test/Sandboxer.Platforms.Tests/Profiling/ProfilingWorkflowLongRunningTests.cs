using Sandboxer.Analysis;
using Sandboxer.Platforms.Probes;
using Sandboxer.Platforms.Processes;
using Sandboxer.Platforms.Profiling;

namespace Sandboxer.Platforms.Tests.Profiling;

public sealed class ProfilingWorkflowLongRunningTests
{
    [Fact]
    public async Task A_backend_without_long_running_support_refuses_such_a_target_before_running_anything()
    {
        var backend = new BackendWithoutLongRunning();
        var workflow = new ProfilingWorkflow(backend, new ProfilingOptions { Home = "/nonexistent-home" });
        var target = new ProfilingTarget(["server"], "/", LongRunning: new LongRunningOptions(8000, TimeSpan.FromSeconds(30), "true", null));

        var refused = await Assert.ThrowsAsync<PlatformUnavailableException>(() => workflow.RunAsync(target, TestContext.Current.CancellationToken));

        Assert.Equal("--ready-port, --exercise and --stop-after are not implemented by the linux backend yet", refused.Message);
        Assert.Equal(0, backend.Runs);
    }

    /// <summary>
    /// A backend that only counts what it is asked to do, and does not claim long-running support (both real backends
    /// do; this one names itself Linux only so the message has a platform); every run would be a bug here.
    /// </summary>
    private sealed class BackendWithoutLongRunning : IProfilingBackend
    {
        public int Runs { get; private set; }

        public TargetPlatform Platform => TargetPlatform.Linux;

        public string Description => "counting";

        public BackendAvailability CheckAvailability() => BackendAvailability.Ready;

        public Task<BackendRun> RunPlainAsync(ProfilingTarget target, RunEnvironment environment, CancellationToken cancellationToken) => Count();

        public Task<BackendRun> ObserveAsync(ProfilingTarget target, RunEnvironment environment, CancellationToken cancellationToken) => Count();

        public Task<BackendRun> EnforceAsync(string profilePath, ProfilingTarget target, RunEnvironment environment, CancellationToken cancellationToken) => Count();

        public Task<ProbeReport> ProbeAsync(string profilePath, RunEnvironment environment, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("no probe expected");

        private Task<BackendRun> Count()
        {
            Runs++;
            return Task.FromResult(new BackendRun(new RunOutcome(0, null, false, false, null, TimeSpan.Zero), [], []));
        }
    }
}
