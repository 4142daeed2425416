using System.Globalization;
using System.Runtime.Versioning;
using Sandboxer.Analysis;
using Sandboxer.Events;
using Sandboxer.Platforms.Linux.Landlock;
using Sandboxer.Platforms.Linux.Landlock.Audit;
using Sandboxer.Platforms.Linux.Namespaces;
using Sandboxer.Platforms.Linux.Tracing;
using Sandboxer.Platforms.Probes;
using Sandboxer.Platforms.Processes;
using Sandboxer.Sbpl.Evaluation;

namespace Sandboxer.Platforms.Profiling.Linux;

/// <summary>
/// The Linux backend of the profiling loop: observation with strace, enforcement with Landlock (plus a loopback-only
/// network namespace when the profile allows no external destination), denials from the kernel's Landlock audit
/// records cross-checked with the engine, and the negative probes under real enforcement.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class LinuxProfilingBackend : IProfilingBackend
{
    public TargetPlatform Platform => TargetPlatform.Linux;

    public string Description
    {
        get
        {
            var support = LandlockSupport.Host;
            var landlock = support.IsAvailable ? string.Create(CultureInfo.InvariantCulture, $"Landlock ABI {support.Abi}") : "no Landlock";
            return "linux: strace, " + landlock;
        }
    }

    public BackendAvailability CheckAvailability()
    {
        if (StraceInvocation.Locate() is null)
        {
            return new BackendAvailability(false, false, "strace is not installed", StraceInvocation.InstallCommand);
        }

        var support = LandlockSupport.Host;
        return support.IsAvailable
            ? BackendAvailability.Ready
            : new BackendAvailability(true, false, "Landlock is not available: " + support.UnavailableReason, "a Linux kernel ≥ 5.13 with Landlock enabled (lsm=…,landlock)");
    }

    public async Task<BackendRun> RunPlainAsync(ProfilingTarget target, RunEnvironment environment, CancellationToken cancellationToken)
    {
        var outcome = await TargetRunner.RunAsync(Launch(target, environment), cancellationToken).ConfigureAwait(false);
        return new BackendRun(Convert(outcome), [], []);
    }

    public async Task<BackendRun> ObserveAsync(ProfilingTarget target, RunEnvironment environment, CancellationToken cancellationToken)
    {
        var aggregator = new EventAggregator();
        var run = await StraceTracer.TraceAsync(Launch(target, environment), aggregator.Add, cancellationToken).ConfigureAwait(false);
        var notes = new List<string>();
        if (run.TraceMissing && !run.Outcome.Interrupted)
        {
            notes.Add("strace produced no trace (" + run.Outcome.Describe() + ")");
        }

        return new BackendRun(Convert(run.Outcome), [.. aggregator.Events], notes);
    }

    public async Task<BackendRun> EnforceAsync(string profilePath, ProfilingTarget target, RunEnvironment environment, CancellationToken cancellationToken)
    {
        var loaded = ProfileLoader.LoadFiles([profilePath], environment.Parameters);
        if (loaded.HasErrors)
        {
            throw new InvalidOperationException("the synthesized profile does not evaluate: " + loaded.Diagnostics.First(d => d.IsError));
        }

        var support = LandlockSupport.Host;
        var plan = LandlockPlanCompiler.Compile(loaded.Profile, support);
        var notes = plan.Diagnostics.Where(d => d.Severity >= Diagnostics.DiagnosticSeverity.Warning).Select(d => d.Message).ToList();
        NetworkNamespace? network = null;
        LoopbackRelay? relay = null;
        AuditDenialSession? audit = null;
        try
        {
            if (plan.Network.LoopbackOnly)
            {
                network = NetworkNamespace.Create();
                relay = plan.Network.HostLoopbackPorts.IsEmpty ? null : LoopbackRelay.Start(network, plan.Network.HostLoopbackPorts);
            }

            var launchOptions = new LaunchOptions { NetworkNamespaceFd = network?.Fd ?? -1, LogDenials = true };
            audit = AuditDenialSession.TryStart(launchOptions.EnforcingThreadName, out var unavailable);
            if (audit is null)
            {
                notes.Add("denials cannot be collected: " + unavailable);
            }

            var spawner = new ConfinedTargetSpawner(plan, launchOptions);
            TargetOutcome outcome;
            try
            {
                outcome = await TargetRunner.RunAsync(Launch(target, environment) with { Spawner = spawner.Spawn }, cancellationToken).ConfigureAwait(false);
            }
            catch (TargetStartException exception)
            {
                notes.Add(exception.Message);
                outcome = new TargetOutcome { ExitCode = exception.InnerException is SpawnFailedException { DeniedBySandbox: true } ? 126 : 127 };
            }

            var denials = new List<AccessEvent>();
            if (audit is not null)
            {
                var explainer = new DenialExplainer(loaded.Profile);
                foreach (var denial in await audit.CollectAsync(TimeSpan.FromSeconds(1), CancellationToken.None).ConfigureAwait(false))
                {
                    var explained = explainer.Explain(denial);
                    if (explained.Cause == DenialCause.Profile)
                    {
                        denials.Add(explained.Event with { Result = AccessResult.Denied });
                    }
                    else if (!notes.Contains(explained.Explanation))
                    {
                        notes.Add(explained.Explanation);
                    }
                }
            }

            return new BackendRun(Convert(outcome), denials, notes);
        }
        finally
        {
            audit?.Dispose();
            if (relay is not null)
            {
                await relay.DisposeAsync().ConfigureAwait(false);
            }

            network?.Dispose();
        }
    }

    public Task<ProbeReport> ProbeAsync(string profilePath, RunEnvironment environment, CancellationToken cancellationToken) =>
        NegativeProbes.RunAsync(
            parameters =>
            {
                var loaded = ProfileLoader.LoadFiles([profilePath], parameters);
                return loaded.HasErrors
                    ? throw new InvalidOperationException("the profile does not evaluate with the probe parameters: " + loaded.Diagnostics.First(d => d.IsError))
                    : loaded.Profile;
            },
            environment.Parameters,
            cancellationToken);

    private static TargetLaunch Launch(ProfilingTarget target, RunEnvironment environment) => new()
    {
        Arguments = target.Arguments,
        WorkingDirectory = target.WorkingDirectory,
        Environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["TMPDIR"] = environment.TemporaryDirectory,
            ["HOME"] = environment.Home,
        },
        CaptureOutput = target.CaptureOutput,
        Timeout = target.Timeout,
    };

    private static RunOutcome Convert(TargetOutcome outcome) => new(
        outcome.ExitCode,
        outcome.Signal,
        outcome.Interrupted,
        outcome.TimedOut,
        outcome.Output is { } output ? output.Sha256 + ":" + output.Length.ToString(CultureInfo.InvariantCulture) : null,
        outcome.Elapsed);
}
