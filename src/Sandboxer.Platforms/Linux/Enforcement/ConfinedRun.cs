using System.Globalization;
using System.Runtime.Versioning;
using Sandboxer.Diagnostics;
using Sandboxer.Events;
using Sandboxer.Platforms.Linux.Landlock;
using Sandboxer.Platforms.Linux.Landlock.Audit;
using Sandboxer.Platforms.Linux.Landlock.Compilation;
using Sandboxer.Platforms.Linux.Namespaces;
using Sandboxer.Platforms.Linux.Tracing;
using Sandboxer.Platforms.Processes;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Platforms.Linux.Enforcement;

/// <summary>
/// The one way Sandboxer runs a program confined by a profile on Linux (<c>run</c>, the profiling loop, the probes).
/// <see cref="Prepare"/> creates the output directories the profile lets the program create and compiles the plan;
/// <see cref="RunAsync"/> sets up the loopback-only network namespace and its relays (outbound to the host's allowed
/// ports, inbound to the ports the program serves on), starts collecting denials (kernel audit records, or strace inside
/// the target's domain), runs the target through the shared <see cref="TargetRunner"/> from a confined thread, and
/// explains every denial with the engine. Nothing is left behind: the tree, the relays, the namespace and the audit
/// lease end with the run. One prepared run can be run many times.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class ConfinedRun
{
    private readonly ConfinedRunOptions _options;
    private readonly LandlockSupport _support;
    private readonly Lazy<DenialExplainer> _explainer;

    private ConfinedRun(Profile profile, LandlockPlan plan, IReadOnlyList<string> createdDirectories, ConfinedRunOptions options, LandlockSupport support, ProfileOracle oracle)
    {
        Profile = profile;
        Plan = plan;
        CreatedDirectories = createdDirectories;
        _options = options;
        _support = support;
        _explainer = new Lazy<DenialExplainer>(() => new DenialExplainer(oracle));
    }

    public Profile Profile { get; }

    /// <summary>The compiled plan; its diagnostics say what is enforced stricter than the profile or not at all.</summary>
    public LandlockPlan Plan { get; }

    /// <summary>Output directories created before the launch because the profile lets the program create them (outermost first).</summary>
    public IReadOnlyList<string> CreatedDirectories { get; }

    public IReadOnlyList<Diagnostic> Diagnostics => Plan.Diagnostics;

    /// <summary>
    /// Creates the allowed output directories and compiles <paramref name="profile"/>. Throws
    /// <see cref="LandlockUnavailableException"/> when this kernel has no Landlock.
    /// </summary>
    public static ConfinedRun Prepare(Profile profile, ConfinedRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        options ??= ConfinedRunOptions.Default;
        var support = options.Support ?? LandlockSupport.Host;
        if (!support.IsAvailable)
        {
            throw new LandlockUnavailableException(support.UnavailableReason ?? "Landlock is not available");
        }

        var oracle = new ProfileOracle(profile);
        var created = options.CreateOutputDirectories ? OutputDirectories.CreateAllowed(oracle) : [];
        var widening = options.Widening is not null && StraceInvocation.Locate() is not null ? options.Widening : null;
        var plan = LandlockPlanCompiler.Compile(profile, support, widening: widening);
        if (options.NetworkOverride is { } network)
        {
            plan = plan with { Network = network };
        }

        return new ConfinedRun(profile, plan, created, options, support, oracle);
    }

    /// <summary>
    /// Runs <paramref name="launch"/> confined (its <see cref="TargetLaunch.Spawner"/> and <see cref="TargetLaunch.Wrapper"/>
    /// are set here). A program that cannot be started is reported in <see cref="ConfinedRunResult.StartFailure"/>, with
    /// the denials that explain it. Throws <see cref="LandlockUnavailableException"/> when the sandbox cannot be set up
    /// (no namespace can be created, Landlock refused the ruleset) and <see cref="OperationCanceledException"/> never:
    /// cancelling interrupts the target like Ctrl-C and the result says so.
    /// </summary>
    public Task<ConfinedRunResult> RunAsync(TargetLaunch launch, CancellationToken cancellationToken = default) =>
        RunAsync(launch, denials: null, cancellationToken);

    /// <summary>Like <see cref="RunAsync(TargetLaunch, CancellationToken)"/>, collecting denials from <paramref name="denials"/> (the prepared choice when null).</summary>
    public async Task<ConfinedRunResult> RunAsync(TargetLaunch launch, DenialCollection? denials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        // A widened plan is looser than the profile: only a trace checks what the widenings let through.
        var requested = Plan.Widenings.IsEmpty ? denials ?? _options.Denials : DenialCollection.Trace;
        NetworkNamespace? network = null;
        LoopbackRelay? inbound = null;
        var relays = new List<LoopbackRelay>();
        var diagnostics = new List<Diagnostic>();
        AuditDenialSession? audit = null;
        try
        {
            if (Plan.Network.LoopbackOnly)
            {
                network = CreateNamespace();
                if (!Plan.Network.HostLoopbackPorts.IsEmpty)
                {
                    relays.Add(LoopbackRelay.Start(network, Plan.Network.HostLoopbackPorts));
                }

                if (!Plan.Network.InboundPorts.IsEmpty)
                {
                    inbound = LoopbackRelay.StartInbound(network, Plan.Network.InboundPorts);
                    relays.Add(inbound);
                    diagnostics.AddRange(inbound.Unavailable.Select(u => LandlockDiagnostics.Warning(LandlockDiagnostics.NetworkHosts,
                        string.Create(CultureInfo.InvariantCulture, $"port {u.Port} cannot be relayed from the host's loopback into the sandbox ({u.Reason}): the program serves it only inside its network namespace"))));
                }
            }

            if (network is not null && launch.LongRunning is { ReadyPort: { } readyPort } longRunning && !(inbound?.Ports.Contains(readyPort) ?? false))
            {
                launch = launch with { LongRunning = longRunning with { ReadyPortUnreachable = UnreachableReason(readyPort) } };
            }

            var launchOptions = new LaunchOptions { NetworkNamespaceFd = network?.Fd ?? -1 };
            var (source, unavailable) = ChooseDenialSource(requested, launchOptions.EnforcingThreadName, out audit);
            launchOptions = launchOptions with { LogDenials = source == DenialCollection.Audit };

            var run = source == DenialCollection.Trace
                ? await RunTracedAsync(launch, launchOptions, cancellationToken).ConfigureAwait(false)
                : await RunPlainAsync(launch, launchOptions, cancellationToken).ConfigureAwait(false);
            diagnostics.AddRange(run.LaunchDiagnostics);

            var collected = run.Denials;
            if (audit is not null)
            {
                var recorded = await audit.CollectAsync(_options.AuditFlushGrace, CancellationToken.None).ConfigureAwait(false);
                collected = [.. recorded.Select(_explainer.Value.Explain)];
            }

            return run with
            {
                Denials = Merge(collected),
                DenialSource = source,
                DenialsUnavailableReason = requested == DenialCollection.None ? null : unavailable,
                LaunchDiagnostics = diagnostics,
            };
        }
        finally
        {
            audit?.Dispose();
            foreach (var relay in relays)
            {
                await relay.DisposeAsync().ConfigureAwait(false);
            }

            network?.Dispose();
        }
    }

    /// <summary>Which source collects the denials of this run; for audit, the session is started here.</summary>
    private (DenialCollection Source, string? Unavailable) ChooseDenialSource(DenialCollection requested, string enforcingThreadName, out AuditDenialSession? audit)
    {
        audit = null;
        string? reason = null;
        if (requested is DenialCollection.Audit or DenialCollection.Cheapest)
        {
            var wait = requested == DenialCollection.Audit ? _options.AuditBusyWait : TimeSpan.Zero;
            audit = AuditDenialSession.TryStart(enforcingThreadName, out reason, wait);
            if (audit is not null)
            {
                return (DenialCollection.Audit, null);
            }

            if (requested == DenialCollection.Audit)
            {
                return (DenialCollection.None, "the kernel's audit records cannot be read: " + reason);
            }
        }

        if (requested is DenialCollection.Trace or DenialCollection.Cheapest)
        {
            return StraceInvocation.Locate() is not null
                ? (DenialCollection.Trace, null)
                : (DenialCollection.None, (reason is null ? string.Empty : "the kernel's audit records cannot be read (" + reason + ") and ")
                    + "strace is not installed (" + StraceInvocation.InstallCommand + ")");
        }

        return (DenialCollection.None, null);
    }

    private async Task<ConfinedRunResult> RunPlainAsync(TargetLaunch launch, LaunchOptions launchOptions, CancellationToken cancellationToken)
    {
        var spawner = new ConfinedTargetSpawner(Plan, launchOptions);
        try
        {
            var outcome = await TargetRunner.RunAsync(launch with { Spawner = spawner.Spawn }, cancellationToken).ConfigureAwait(false);
            return new ConfinedRunResult { Outcome = outcome, LaunchDiagnostics = LaunchDiagnostics(spawner) };
        }
        catch (TargetStartException exception)
        {
            return StartFailed(exception, LaunchDiagnostics(spawner));
        }
    }

    private async Task<ConfinedRunResult> RunTracedAsync(TargetLaunch launch, LaunchOptions launchOptions, CancellationToken cancellationToken)
    {
        var collector = new TracedDenials(_explainer.Value, Plan);
        ConfinedTargetSpawner? spawner = null;
        try
        {
            var traced = await StraceTracer.TraceAsync(
                launch,
                collector.Add,
                (setup, wrapped) =>
                {
                    spawner = new ConfinedTargetSpawner(StraceInDomain.Extend(Plan, setup), launchOptions);
                    return wrapped with { Spawner = spawner.Spawn };
                },
                cancellationToken).ConfigureAwait(false);
            var denials = collector.Complete();
            var result = new ConfinedRunResult { Outcome = traced.Outcome, Denials = denials, LaunchDiagnostics = LaunchDiagnostics(spawner) };
            if (collector.FailedStart is { } failed && !traced.Outcome.Interrupted)
            {
                // strace could not execute the program: report it as the launcher would have, 126 or 127.
                var kind = failed.Result.Errno == "ENOENT" ? TargetStartFailureKind.NotFound : TargetStartFailureKind.CannotExecute;
                var byProfile = denials.Any(d => d.Event.Operation == "process-exec" && d.Cause != DenialCause.NotSandbox);
                var failure = new TargetStartFailure(
                    $"cannot execute {failed.Path}: {failed.Result.Errno}" + (byProfile ? " (the profile does not allow executing it, or its interpreter)" : string.Empty),
                    kind);
                result = result with { StartFailure = failure, Outcome = traced.Outcome with { ExitCode = failure.ExitCode, Signal = null } };
            }

            return result;
        }
        catch (TargetStartException exception)
        {
            return StartFailed(exception, LaunchDiagnostics(spawner)) with { Denials = collector.Complete() };
        }
    }

    /// <summary>Why the host cannot reach <paramref name="port"/> inside the namespace: no inbound relay serves it.</summary>
    private string UnreachableReason(int port) => Plan.Network.InboundPorts.Contains(port)
        ? string.Create(CultureInfo.InvariantCulture, $"another program holds port {port} on the host's loopback, so it cannot be relayed into the sandbox")
        : string.Create(CultureInfo.InvariantCulture, $"the profile does not let the program accept connections on port {port} from the loopback, so no relay forwards it from the host");

    private static ConfinedRunResult StartFailed(TargetStartException exception, IReadOnlyList<Diagnostic> diagnostics)
    {
        var kind = exception.InnerException switch
        {
            LandlockUnavailableException => TargetStartFailureKind.Unsupported,
            SpawnFailedException { ErrnoName: "ENOENT" } => TargetStartFailureKind.NotFound,
            SpawnFailedException => TargetStartFailureKind.CannotExecute,
            InvalidOperationException => TargetStartFailureKind.Unsupported,
            _ => exception.Message.Contains("not executable", StringComparison.Ordinal) || exception.Message.Contains("Permission denied", StringComparison.Ordinal)
                ? TargetStartFailureKind.CannotExecute
                : TargetStartFailureKind.NotFound,
        };
        var failure = new TargetStartFailure(exception.Message, kind);
        return new ConfinedRunResult
        {
            Outcome = new TargetOutcome { ExitCode = failure.ExitCode },
            StartFailure = failure,
            LaunchDiagnostics = diagnostics,
        };
    }

    private static IReadOnlyList<Diagnostic> LaunchDiagnostics(ConfinedTargetSpawner? spawner) =>
        spawner?.LastSpawn is { } spawn ? spawn.Diagnostics : [];

    private static NetworkNamespace CreateNamespace()
    {
        try
        {
            return NetworkNamespace.Create();
        }
        catch (InvalidOperationException exception)
        {
            throw new LandlockUnavailableException("cannot create the loopback-only network namespace: " + exception.Message, exception);
        }
    }

    /// <summary>Identical denials (same access, same cause) become one with a count, in first-seen order.</summary>
    private static List<ExplainedDenial> Merge(IReadOnlyList<ExplainedDenial> denials)
    {
        var merged = new List<ExplainedDenial>();
        var index = new Dictionary<(AccessEvent, DenialCause), int>();
        foreach (var denial in denials)
        {
            var key = (denial.Event.ToKey(), denial.Cause);
            if (index.TryGetValue(key, out var position))
            {
                var existing = merged[position];
                merged[position] = existing with { Event = existing.Event with { Count = existing.Event.Count + denial.Event.Count } };
            }
            else
            {
                index[key] = merged.Count;
                merged.Add(denial);
            }
        }

        return merged;
    }
}
