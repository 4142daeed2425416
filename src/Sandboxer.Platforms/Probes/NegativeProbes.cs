using System.Globalization;
using System.IO.Pipes;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text;
using Sandboxer.Analysis;
using Sandboxer.Events;
using Sandboxer.Platforms.Linux.Enforcement;
using Sandboxer.Platforms.Linux.Landlock;
using Sandboxer.Platforms.Linux.Landlock.Audit;
using Sandboxer.Platforms.Linux.Landlock.Native;
using Sandboxer.Platforms.Linux.Namespaces;
using Sandboxer.Platforms.Processes;
using Sandboxer.Sbpl.Engine;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Platforms.Probes;

/// <summary>
/// The built-in negative probes, run for real under a profile's Landlock enforcement: plant canaries in a temporary
/// HOME and try to read secrets, append to shell start-up files, plant persistence, write outside WORKING_DIR, execute
/// an undeclared binary, connect to an undeclared loopback port and reach an external destination. Each attempt is made
/// by a helper the profile lets run (a shell with builtins only, bash or Python); leaks are established by ground truth
/// (the canary in the output, the file changed, the listener accepted), blocks by the errno and the kernel's Landlock
/// record, and every result names the profile rule that decides the access. No packet leaves the machine: external
/// destinations are only tried inside an empty network namespace.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class NegativeProbes
{
    private static readonly string[] ExternalPortPreference = ["443", "80", "22", "25", "9"];

    /// <summary>Runs every probe. <paramref name="evaluate"/> evaluates the profile with the given parameters (HOME, WORKING_DIR, TMPDIR of the probe world added to <paramref name="parameters"/>).</summary>
    public static async Task<ProbeReport> RunAsync(
        Func<IReadOnlyDictionary<string, string>, Profile> evaluate,
        IReadOnlyDictionary<string, string> parameters,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        ArgumentNullException.ThrowIfNull(parameters);
        var support = LandlockSupport.Host;
        if (!support.IsAvailable)
        {
            throw new LandlockUnavailableException(support.UnavailableReason ?? "Landlock is not available");
        }

        // One audit registration for all attempts instead of one per attempt; when another process is the audit daemon,
        // the attempts' denials come from strace inside the sandbox instead of waiting for it.
        using var audit = AuditListener.TryAcquire(out _);
        using var world = ProbeEnvironment.Create();
        var merged = new Dictionary<string, string>(parameters, StringComparer.Ordinal);
        foreach (var (key, value) in world.Parameters())
        {
            merged[key] = value;
        }

        var profile = evaluate(merged);
        var options = new ConfinedRunOptions { Denials = DenialCollection.Cheapest, CreateOutputDirectories = false, Support = support };
        var run = ConfinedRun.Prepare(profile, options);
        var context = new ProbeContext(world, profile, run, new ProfileOracleView(profile));
        await context.FindHelpersAsync(cancellationToken).ConfigureAwait(false);

        var results = new List<ProbeResult>();
        foreach (var (id, entry) in ProbeEnvironment.Secrets)
        {
            var location = SensitiveLocations.All.Single(l => l.Id == id);
            results.Add(await context.FileProbeAsync("read-" + id, "secrets", "read " + location.Reason, world.PathOf(id, entry), ProbeAction.Read, cancellationToken).ConfigureAwait(false));
        }

        results.Add(await context.FileProbeAsync("read-shadow", "secrets", "read the system password hashes", "/etc/shadow", ProbeAction.Read, cancellationToken).ConfigureAwait(false));
        foreach (var id in ProbeEnvironment.ShellStartupIds)
        {
            var location = SensitiveLocations.All.Single(l => l.Id == id);
            results.Add(await context.FileProbeAsync("append-" + id, "shell-startup", "append to a shell start-up file (" + location.Reason + ")", world.PathOf(id), ProbeAction.Append, cancellationToken).ConfigureAwait(false));
        }

        foreach (var (id, entry) in ProbeEnvironment.PersistenceTargets)
        {
            var location = SensitiveLocations.All.Single(l => l.Id == id);
            results.Add(await context.FileProbeAsync("create-" + id, "persistence", "plant persistence: " + location.Reason, world.PathOf(id, entry), ProbeAction.Create, cancellationToken).ConfigureAwait(false));
        }

        results.Add(await context.FileProbeAsync("write-outside-working-dir", "filesystem", "create a file outside WORKING_DIR", world.OutsideWorkingDirectory, ProbeAction.Create, cancellationToken).ConfigureAwait(false));
        results.Add(await context.FileProbeAsync("exec-undeclared", "exec", "execute a binary the profile does not declare", world.UndeclaredBinary, ProbeAction.Execute, cancellationToken).ConfigureAwait(false));
        results.Add(await context.LoopbackProbeAsync(cancellationToken).ConfigureAwait(false));
        results.Add(await context.ExternalProbeAsync(ExternalPortPreference, cancellationToken).ConfigureAwait(false));
        return new ProbeReport(results, [.. run.Diagnostics]);
    }

    /// <summary>Engine questions the probes ask about the profile.</summary>
    private sealed class ProfileOracleView
    {
        private readonly PolicyEngine _engine;

        public ProfileOracleView(Profile profile) => _engine = PolicyEngine.Compile(profile);

        public Decision Decide(AccessEvent accessEvent) => _engine.Decide(AccessRequest.FromEvent(accessEvent));
    }

    private sealed record Attempt(int ExitCode, string Output, string Error, IReadOnlyList<ExplainedDenial> Denials, bool Started);

    private sealed class ProbeContext
    {
        private readonly ProbeEnvironment _world;
        private readonly Profile _profile;
        private readonly ConfinedRun _run;
        private readonly LandlockPlan _plan;
        private readonly Lazy<ConfinedRun> _externalRun;
        private readonly ProfileOracleView _oracle;
        private readonly List<ProbeHelper> _helpers = [];

        public ProbeContext(ProbeEnvironment world, Profile profile, ConfinedRun run, ProfileOracleView oracle)
        {
            _world = world;
            _profile = profile;
            _run = run;
            _plan = run.Plan;
            _oracle = oracle;
            // External destinations are only tried inside an empty namespace: nothing can leave the machine whatever Landlock decides.
            _externalRun = new Lazy<ConfinedRun>(() => ConfinedRun.Prepare(profile, new ConfinedRunOptions
            {
                Denials = DenialCollection.Cheapest,
                CreateOutputDirectories = false,
                NetworkOverride = NetworkIsolation.Loopback([]),
            }));
        }

        /// <summary>Finds the helpers the plan lets run at all, by running each once.</summary>
        public async Task FindHelpersAsync(CancellationToken cancellationToken)
        {
            var candidates = new List<ProbeHelper>();
            void Add(string name, string? path, HelperKind kind)
            {
                if (path is not null && FileDescriptors.RealPath(path) is { } resolved && candidates.All(c => c.Executable != resolved))
                {
                    candidates.Add(new ProbeHelper(name, resolved, kind));
                }
            }

            Add("sh", "/bin/sh", HelperKind.Shell);
            Add("bash", "/bin/bash", HelperKind.Bash);
            Add("python3", ExecutableLocator.Find("python3"), HelperKind.Python);
            Add("python3", "/usr/bin/python3", HelperKind.Python);
            foreach (var helper in candidates)
            {
                // A helper the profile does not let run never starts.
                var trial = await RunAsync(helper, helper.TrialArguments(), _run, collectDenials: false, cancellationToken).ConfigureAwait(false);
                if (trial.Started && trial.ExitCode == 0)
                {
                    _helpers.Add(helper);
                }
            }
        }

        public async Task<ProbeResult> FileProbeAsync(string id, string category, string description, string target, ProbeAction action, CancellationToken cancellationToken)
        {
            var operation = action switch
            {
                ProbeAction.Read => "file-read-data",
                ProbeAction.Append => "file-write-data",
                ProbeAction.Create => "file-write-create",
                _ => "process-exec",
            };
            var decision = _oracle.Decide(new AccessEvent { Operation = operation, Path = target, FileType = File.Exists(target) ? "file" : null });
            var rule = DenialExplainer.DescribeDecision(decision);
            var helper = _helpers.FirstOrDefault();
            if (helper is null)
            {
                return NotAttempted(id, category, description, target, decision, rule);
            }

            var before = File.Exists(target) ? await File.ReadAllTextAsync(target, cancellationToken).ConfigureAwait(false) : null;
            var attempt = await RunAsync(helper, helper.Arguments(action, target, _world.ExecutionMarker), _run, collectDenials: true, cancellationToken).ConfigureAwait(false);
            var after = File.Exists(target) ? await File.ReadAllTextAsync(target, cancellationToken).ConfigureAwait(false) : null;
            var (leaked, truth) = action switch
            {
                ProbeAction.Read => target == "/etc/shadow"
                    ? (attempt.ExitCode == 0 && attempt.Output.Contains("root:", StringComparison.Ordinal), "the output holds /etc/shadow's root entry")
                    : (attempt.Output.Contains(_world.Canary, StringComparison.Ordinal), "the canary secret appeared in the helper's output"),
                ProbeAction.Append or ProbeAction.Create => (after is not null && after != before && after.Contains("sandboxer-probe", StringComparison.Ordinal), "the file was written"),
                _ => (attempt.Output.Contains(_world.ExecutionMarker, StringComparison.Ordinal), "the undeclared binary ran and printed its marker"),
            };
            return Verdict(id, category, description, target, helper, attempt, leaked, truth, decision, rule);
        }

        public async Task<ProbeResult> LoopbackProbeAsync(CancellationToken cancellationToken)
        {
            const string Id = "connect-loopback";
            const string Description = "connect to a loopback port the profile does not declare";
            var mentioned = MentionedPorts();
            using var canary = LoopbackCanary.Start(mentioned, cancellationToken);
            var port = canary.Port;
            var target = "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
            var decision = _oracle.Decide(new AccessEvent { Operation = "network-outbound", Remote = new NetworkEndpoint("tcp", "127.0.0.1", port) });
            var rule = DenialExplainer.DescribeDecision(decision);
            var helper = _helpers.FirstOrDefault(h => h.CanConnect);
            if (helper is null)
            {
                return NotAttempted(Id, "network", Description, target, decision, rule);
            }

            var attempt = await RunAsync(helper, helper.Arguments(ProbeAction.Connect, "127.0.0.1", port.ToString(CultureInfo.InvariantCulture)), _run, collectDenials: true, cancellationToken).ConfigureAwait(false);
            var leaked = await canary.StopAsync().ConfigureAwait(false);
            return Verdict(Id, "network", Description, target, helper, attempt, leaked, "the probe's listener accepted the connection", decision, rule);
        }

        public async Task<ProbeResult> ExternalProbeAsync(string[] preference, CancellationToken cancellationToken)
        {
            const string Id = "connect-external";
            const string Description = "reach a destination off this machine on a port the profile does not declare";
            var mentioned = MentionedPorts();
            var port = preference.Select(p => int.Parse(p, CultureInfo.InvariantCulture)).Concat(Enumerable.Range(1024, 60000)).First(p => !mentioned.Contains(p));
            const string Host = "192.0.2.1";
            var target = Host + ":" + port.ToString(CultureInfo.InvariantCulture);
            var decision = _oracle.Decide(new AccessEvent { Operation = "network-outbound", Remote = new NetworkEndpoint("tcp", Host, port) });
            var rule = DenialExplainer.DescribeDecision(decision);
            var landlockAllowsPort = _plan.AllowsPort(port, LandlockNetAccess.ConnectTcp);
            var helper = _helpers.FirstOrDefault(h => h.CanConnect);
            if (helper is null || NetworkNamespace.UnavailableReason is not null)
            {
                var leakedByPlan = landlockAllowsPort && !_plan.Network.LoopbackOnly;
                return new ProbeResult(Id, "network", Description, target,
                    leakedByPlan ? ProbeOutcome.Leaked : ProbeOutcome.BlockedCouldNotExecute,
                    leakedByPlan ? "Landlock allows this TCP port to any host and no loopback-only namespace is used" : "no live attempt (" + (helper is null ? "no helper the profile lets run can connect" : NetworkNamespace.UnavailableReason) + "); decided by the compiled port rules and the profile",
                    null, rule, helper?.Executable);
            }

            var attempt = await RunAsync(helper, helper.Arguments(ProbeAction.Connect, Host, port.ToString(CultureInfo.InvariantCulture)), _externalRun.Value, collectDenials: true, cancellationToken).ConfigureAwait(false);
            var errno = ErrnoOf(attempt.Error);
            if (errno == "EACCES" || attempt.Denials.Count > 0)
            {
                return Verdict(Id, "network", Description, target, helper, attempt, leaked: false, string.Empty, decision, rule);
            }

            if (_plan.Network.LoopbackOnly)
            {
                return new ProbeResult(Id, "network", Description, target, ProbeOutcome.Blocked,
                    $"the program runs in a loopback-only network namespace: no route off the machine ({errno ?? "no connection"} in the probe's namespace)", errno, rule, helper.Executable);
            }

            return new ProbeResult(Id, "network", Description, target, ProbeOutcome.Leaked,
                $"Landlock let the connect through ({errno ?? "connected"} came from the probe's empty namespace, not the sandbox): TCP port {port} is open to any host", errno, rule, helper.Executable);
        }

        private static ProbeResult Verdict(string id, string category, string description, string target, ProbeHelper helper, Attempt attempt, bool leaked, string truth, Decision decision, string rule)
        {
            if (leaked)
            {
                return new ProbeResult(id, category, description, target, ProbeOutcome.Leaked, truth, null, rule, helper.Executable);
            }

            var errno = ErrnoOf(attempt.Error);
            // The helper may be denied other things on the way (bash opening /dev/tty); name the denial of the attempt itself.
            var landlock = attempt.Denials.FirstOrDefault(d => IsAbout(d, target)) ?? (attempt.Denials.Count > 0 ? attempt.Denials[0] : null);
            var evidence = new StringBuilder();
            if (landlock is not null)
            {
                evidence.Append(CultureInfo.InvariantCulture, $"Landlock denied {landlock.Blocker ?? landlock.Event.Operation}");
                if (landlock.Event.Path is { } deniedPath)
                {
                    evidence.Append(" on ").Append(deniedPath);
                }
                else if (landlock.Event.Remote is { } remote)
                {
                    evidence.Append(" to ").Append(remote.Host).Append(':').Append(remote.Port?.ToString(CultureInfo.InvariantCulture));
                }

                if (errno is not null)
                {
                    evidence.Append(" (").Append(errno).Append(')');
                }

                if (landlock.Cause == DenialCause.CompiledStricter)
                {
                    evidence.Append(" (compiled stricter than the profile)");
                }
            }
            else
            {
                evidence.Append(errno is null ? "the attempt failed" : "the attempt failed with " + errno);
            }

            if (!decision.MayBeDenied)
            {
                // The profile itself allows it: Linux happened to be stricter, the profile is still leaky.
                return new ProbeResult(id, category, description, target, ProbeOutcome.Leaked,
                    "the profile allows it; on Linux " + evidence + ", but the profile would let it through where it is enforced exactly", errno, rule, helper.Executable);
            }

            return new ProbeResult(id, category, description, target, ProbeOutcome.Blocked, evidence.ToString(), errno, rule, helper.Executable);
        }

        private static bool IsAbout(ExplainedDenial denial, string target)
        {
            if (denial.Event.Remote is not null)
            {
                return denial.Event.Remote is { } remote && target.EndsWith(":" + remote.Port?.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            }

            return denial.Event.Path == target || (denial.PathIsParent && denial.Event.Path == Path.GetDirectoryName(target));
        }

        private static ProbeResult NotAttempted(string id, string category, string description, string target, Decision decision, string rule)
        {
            var allowed = !decision.MayBeDenied;
            return new ProbeResult(id, category, description, target,
                allowed ? ProbeOutcome.Leaked : ProbeOutcome.BlockedCouldNotExecute,
                allowed
                    ? "no helper the profile lets run could make the attempt, but the profile allows it"
                    : "blocked (could not execute): the profile lets no probe helper (sh, bash, python3) run; the profile denies the access",
                null, rule, null);
        }

        private HashSet<int> MentionedPorts() =>
        [
            .. _profile.Rules.Where(r => r.Filter is not null).SelectMany(r => NetworkPorts(r.Filter!)),
        ];

        private static IEnumerable<int> NetworkPorts(Filter filter) => filter switch
        {
            NetworkFilter { Port: { } port } => [port],
            RequireAll all => all.Filters.SelectMany(NetworkPorts),
            RequireAny any => any.Filters.SelectMany(NetworkPorts),
            RequireNot not => NetworkPorts(not.Filter),
            _ => [],
        };

        private async Task<Attempt> RunAsync(ProbeHelper helper, IReadOnlyList<string> arguments, ConfinedRun run, bool collectDenials, CancellationToken cancellationToken)
        {
            using var stdout = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.None);
            using var stderr = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.None);
            using var stdin = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Read);
            var launch = new TargetLaunch
            {
                Arguments = [helper.Executable, .. arguments.Skip(1)],
                WorkingDirectory = _world.WorkingDirectory,
                Environment = OnlyThese(_world.TargetEnvironment()),
                Stdio = new TargetStdio(stdin, Borrow(stdout.ClientSafePipeHandle), Borrow(stderr.ClientSafePipeHandle)),
                Timeout = TimeSpan.FromSeconds(20),
                HandleTerminationSignals = false,
            };
            var running = run.RunAsync(launch, collectDenials ? null : DenialCollection.None, cancellationToken);
            stdout.DisposeLocalCopyOfClientHandle();
            stderr.DisposeLocalCopyOfClientHandle();
            using var outReader = new StreamReader(stdout);
            using var errReader = new StreamReader(stderr);
            var output = outReader.ReadToEndAsync(cancellationToken);
            var error = errReader.ReadToEndAsync(cancellationToken);
            var result = await running.ConfigureAwait(false);
            var denials = result.Denials.Where(d => d.Cause != DenialCause.NotSandbox).ToList();
            return new Attempt(result.Outcome.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false), denials, result.StartFailure is null);
        }

        /// <summary>The helper's whole environment: <paramref name="wanted"/>, and every variable the tool has removed.</summary>
        private static Dictionary<string, string?> OnlyThese(IReadOnlyDictionary<string, string> wanted)
        {
            var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
            {
                environment[(string)entry.Key] = null;
            }

            foreach (var (key, value) in wanted)
            {
                environment[key] = value;
            }

            return environment;
        }

        private static Microsoft.Win32.SafeHandles.SafeFileHandle Borrow(System.Runtime.InteropServices.SafeHandle handle) =>
            new(handle.DangerousGetHandle(), ownsHandle: false);

        private static string? ErrnoOf(string error)
        {
            if (error.Contains("Permission denied", StringComparison.Ordinal) || error.Contains("errno 13 ", StringComparison.Ordinal))
            {
                return "EACCES";
            }

            if (error.Contains("Operation not permitted", StringComparison.Ordinal) || error.Contains("errno 1 ", StringComparison.Ordinal))
            {
                return "EPERM";
            }

            if (error.Contains("Connection refused", StringComparison.Ordinal) || error.Contains("errno 111 ", StringComparison.Ordinal))
            {
                return "ECONNREFUSED";
            }

            if (error.Contains("Network is unreachable", StringComparison.Ordinal) || error.Contains("errno 101 ", StringComparison.Ordinal))
            {
                return "ENETUNREACH";
            }

            if (error.Contains("No such file", StringComparison.Ordinal) || error.Contains("errno 2 ", StringComparison.Ordinal))
            {
                return "ENOENT";
            }

            if (error.Contains("Invalid cross-device link", StringComparison.Ordinal) || error.Contains("errno 18 ", StringComparison.Ordinal))
            {
                return "EXDEV";
            }

            return null;
        }
    }
}
