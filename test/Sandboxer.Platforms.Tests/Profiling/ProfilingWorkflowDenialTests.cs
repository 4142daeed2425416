using Sandboxer.Analysis;
using Sandboxer.Events;
using Sandboxer.Platforms.Probes;
using Sandboxer.Platforms.Profiling;

namespace Sandboxer.Platforms.Tests.Profiling;

/// <summary>
/// Which enforced-run denials the loop learns from. The backend is scripted: these are decisions of the loop itself
/// (the real Linux backend's side is covered by the end-to-end tests and TracedWideningTests).
/// </summary>
public sealed class ProfilingWorkflowDenialTests
{
    private const string Work = "/nonexistent-project";

    [Fact]
    public async Task A_denial_that_also_failed_unconfined_is_not_learned_when_the_run_was_normal()
    {
        var backend = new ScriptedBackend(letThrough: false);

        var report = await new ProfilingWorkflow(backend, Options()).RunAsync(Target, TestContext.Current.CancellationToken);

        Assert.True(report.Verified, report.Status);
        Assert.Equal(2, backend.Enforced); // one enforce, one verify
        Assert.DoesNotContain("state.lock", report.Profile.Text, StringComparison.Ordinal);
        Assert.Contains(report.Notes, n => n.Contains("state.lock is denied by the profile; it failed when observed unconfined too", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_denial_a_traced_widening_let_through_is_learned_even_though_it_failed_unconfined()
    {
        var backend = new ScriptedBackend(letThrough: true);

        var report = await new ProfilingWorkflow(backend, Options()).RunAsync(Target, TestContext.Current.CancellationToken);

        Assert.True(report.Verified, report.Status);
        Assert.Equal(3, backend.Enforced); // enforce, enforce after learning, verify
        Assert.Contains("state.lock", report.Profile.Text, StringComparison.Ordinal);
    }

    private static ProfilingTarget Target => new(["tool"], Work);

    private static ProfilingOptions Options() => new() { Home = "/nonexistent-home", Probe = false };

    /// <summary>
    /// Observation: the program reads <c>state.lock</c>, which does not exist (ENOENT). First enforced run: that read is
    /// denied, the run is normal. Later runs: nothing denied.
    /// </summary>
    private sealed class ScriptedBackend(bool letThrough) : IProfilingBackend
    {
        private static readonly AccessEvent Lookup = new() { Operation = "file-read-data", Path = Work + "/state.lock", Pid = 7, Process = "tool" };

        public int Enforced { get; private set; }

        public TargetPlatform Platform => TargetPlatform.Linux;

        public string Description => "scripted";

        public BackendAvailability CheckAvailability() => BackendAvailability.Ready;

        public Task<BackendRun> RunPlainAsync(ProfilingTarget target, RunEnvironment environment, CancellationToken cancellationToken) => Done([]);

        public Task<BackendRun> ObserveAsync(ProfilingTarget target, RunEnvironment environment, CancellationToken cancellationToken) =>
            Done([Lookup with { Result = AccessResult.Error("ENOENT") }, new AccessEvent { Operation = "file-read-data", Path = Work + "/input.txt", Pid = 7, Process = "tool" }]);

        public Task<BackendRun> EnforceAsync(string profilePath, ProfilingTarget target, RunEnvironment environment, CancellationToken cancellationToken)
        {
            Enforced++;
            if (Enforced > 1 || File.ReadAllText(profilePath).Contains("state.lock", StringComparison.Ordinal))
            {
                return Done([]);
            }

            var denial = Lookup with { Result = AccessResult.Denied };
            return Task.FromResult(new BackendRun(Normal, [denial], []) { LetThrough = letThrough ? new HashSet<AccessEvent> { denial } : new HashSet<AccessEvent>() });
        }

        public Task<ProbeReport> ProbeAsync(string profilePath, RunEnvironment environment, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("no probe expected");

        private static RunOutcome Normal => new(0, null, false, false, null, TimeSpan.Zero);

        private static Task<BackendRun> Done(IReadOnlyList<AccessEvent> events) => Task.FromResult(new BackendRun(Normal, events, []));
    }
}
