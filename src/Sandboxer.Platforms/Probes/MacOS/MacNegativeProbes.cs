using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Sandboxer.Analysis;
using Sandboxer.Events;
using Sandboxer.Platforms.Linux.Landlock.Audit;
using Sandboxer.Platforms.MacOS.Collector;
using Sandboxer.Platforms.MacOS.Denials;
using Sandboxer.Platforms.MacOS.Driver;
using Sandboxer.Platforms.Profiling;
using Sandboxer.Sbpl.Engine;
using Sandboxer.Sbpl.Evaluation;
using Sandboxer.Sbpl.Policy;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Platforms.Probes.MacOS;

/// <summary>
/// The negative probes on macOS, run for real under <c>sandbox-exec</c> with the profile (the same set as on Linux):
/// in a temporary HOME with planted canaries (<see cref="MacProbeWorld"/>), a helper the profile lets run (a shell with
/// builtins only, bash or Python) tries to read the secrets, append to shell start-up files, plant a LaunchAgent,
/// write outside WORKING_DIR, execute an undeclared binary and connect to an undeclared loopback port. A leak is
/// established by ground truth (the canary in the output, the file changed, the listener accepted); a block by the
/// error the helper got (<c>Operation not permitted</c> is EPERM) and the denial the kernel reported for the attempt
/// (collected from the unified log, tagged); every result names the profile rule that decides the access. An external
/// destination is decided by the engine only: macOS offers no way to try a connection without letting packets leave.
/// </summary>
internal sealed class MacNegativeProbes(IMacSandboxPlatform platform, IPathResolver resolver, CollectorOptions collectorOptions)
{
    /// <summary>A documentation address (TEST-NET-1, RFC 5737): never routed, and never tried anyway.</summary>
    public const string ExternalHost = "192.0.2.1";

    private static readonly int[] ExternalPortPreference = [443, 80, 22, 25, 9];
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Runs every probe under <paramref name="profiles"/> (concatenated in order). <paramref name="parameters"/> are the
    /// user's <c>-D</c> values; HOME, WORKING_DIR and TMPDIR are the probe world's.
    /// </summary>
    public async Task<ProbeReport> RunAsync(
        IReadOnlyList<SourceText> profiles, IReadOnlyDictionary<string, string> parameters, LoadOptions loadOptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        ArgumentNullException.ThrowIfNull(parameters);
        using var world = MacProbeWorld.Create();
        var given = new Dictionary<string, string>(parameters, StringComparer.Ordinal);
        foreach (var (key, value) in world.Parameters())
        {
            given[key] = value;
        }

        var environment = new SandboxEnvironment(world.Home, world.WorkingDirectory, world.TempDirectory);
        var resolved = SandboxParameters.Resolve(given, environment, resolver).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var loaded = ProfileLoader.Load(profiles, resolved, loadOptions);
        if (loaded.HasErrors)
        {
            var error = loaded.Diagnostics.First(d => d.IsError);
            throw new ProfileRejectedException("the profile does not evaluate with the probes' HOME, WORKING_DIR and TMPDIR: " + error, error.Location);
        }

        var session = new Session(platform, resolver, collectorOptions, world, profiles, given, environment, loaded.Profile);
        await session.FindHelpersAsync(cancellationToken).ConfigureAwait(false);
        var results = new List<ProbeResult>();
        foreach (var (id, entry) in MacProbeWorld.Secrets)
        {
            var location = SensitiveLocations.All.Single(l => l.Id == id);
            results.Add(await session.FileProbeAsync("read-" + id, "secrets", "read " + location.Reason, world.PathOf(id, entry), ProbeAction.Read, cancellationToken).ConfigureAwait(false));
        }

        results.Add(await session.FileProbeAsync("read-master-passwd", "secrets", "read the system password hashes", MacProbeWorld.MasterPasswd, ProbeAction.Read, cancellationToken).ConfigureAwait(false));
        foreach (var id in MacProbeWorld.ShellStartupIds)
        {
            var location = SensitiveLocations.All.Single(l => l.Id == id);
            results.Add(await session.FileProbeAsync("append-" + id, "shell-startup", "append to a shell start-up file (" + location.Reason + ")", world.PathOf(id), ProbeAction.Append, cancellationToken).ConfigureAwait(false));
        }

        foreach (var (id, entry) in MacProbeWorld.PersistenceTargets)
        {
            var location = SensitiveLocations.All.Single(l => l.Id == id);
            results.Add(await session.FileProbeAsync("create-" + id, "persistence", "plant persistence: " + location.Reason, world.PathOf(id, entry), ProbeAction.Create, cancellationToken).ConfigureAwait(false));
        }

        results.Add(await session.FileProbeAsync("write-outside-working-dir", "filesystem", "create a file outside WORKING_DIR", world.OutsideWorkingDirectory, ProbeAction.Create, cancellationToken).ConfigureAwait(false));
        results.Add(await session.FileProbeAsync("exec-undeclared", "exec", "execute a binary the profile does not declare", world.UndeclaredBinary, ProbeAction.Execute, cancellationToken).ConfigureAwait(false));
        results.Add(await session.LoopbackProbeAsync(cancellationToken).ConfigureAwait(false));
        results.Add(session.ExternalProbe());
        return new ProbeReport(results, []);
    }

    private sealed record Attempt(SandboxExecOutcome Outcome, MacProcessResult Process, IReadOnlyList<AccessEvent> Denials, string? Collection);

    private sealed class Session(
        IMacSandboxPlatform platform,
        IPathResolver resolver,
        CollectorOptions collectorOptions,
        MacProbeWorld world,
        IReadOnlyList<SourceText> profiles,
        IReadOnlyDictionary<string, string> parameters,
        SandboxEnvironment environment,
        Profile profile)
    {
        private readonly PolicyEngine _engine = PolicyEngine.Compile(profile);
        private readonly HashSet<int> _mentionedPorts = ProfilePorts.Mentioned(profile);
        private readonly List<ProbeHelper> _helpers = [];
        private string? _logUnavailable;

        /// <summary>Finds the helpers the profile lets run at all, by running each once.</summary>
        public async Task FindHelpersAsync(CancellationToken cancellationToken)
        {
            var candidates = new List<ProbeHelper>();
            void Add(string name, string path, HelperKind kind)
            {
                if (File.Exists(path) && (RealPathResolver.Instance.RealPath(path) ?? path) is var resolved && candidates.All(c => c.Executable != resolved))
                {
                    candidates.Add(new ProbeHelper(name, resolved, kind));
                }
            }

            Add("sh", "/bin/sh", HelperKind.Shell);
            Add("bash", "/bin/bash", HelperKind.Bash);
            Add("python3", "/usr/bin/python3", HelperKind.Python);
            foreach (var helper in candidates)
            {
                var runner = new MacSandboxRunner(platform, resolver, AttemptTimeout);
                var trial = await runner.RunAsync(Request(Command(helper, helper.TrialArguments())), cancellationToken).ConfigureAwait(false);
                Check(trial.Outcome);
                if (trial.Outcome is TargetExited { ExitCode: 0 })
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
            var decision = _engine.Decide(AccessRequest.FromEvent(new AccessEvent { Operation = operation, Path = target, FileType = File.Exists(target) ? "file" : null }));
            var helper = _helpers.FirstOrDefault();
            if (helper is null)
            {
                return NotAttempted(id, category, description, target, decision);
            }

            var writes = action is ProbeAction.Append or ProbeAction.Create;
            var before = writes ? await ReadIfPresentAsync(target, cancellationToken).ConfigureAwait(false) : null;
            var attempt = await AttemptAsync(Command(helper, helper.Arguments(action, target, world.ExecutionMarker)), cancellationToken).ConfigureAwait(false);
            var after = writes ? await ReadIfPresentAsync(target, cancellationToken).ConfigureAwait(false) : null;
            var output = attempt.Process.Stdout;
            var (leaked, truth) = action switch
            {
                ProbeAction.Read when target == MacProbeWorld.MasterPasswd =>
                    (attempt.Process.ExitCode == 0 && output.Contains("root:", StringComparison.Ordinal), "the output holds master.passwd's root entry"),
                ProbeAction.Read => (output.Contains(world.Canary, StringComparison.Ordinal), "the canary secret appeared in the helper's output"),
                ProbeAction.Append or ProbeAction.Create => (after is not null && after != before && after.Contains("sandboxer-probe", StringComparison.Ordinal), "the file was written"),
                _ => (output.Contains(world.ExecutionMarker, StringComparison.Ordinal), "the undeclared binary ran and printed its marker"),
            };
            return Verdict(id, category, description, target, helper, attempt, leaked, truth, decision, d => d.Path == target);
        }

        public async Task<ProbeResult> LoopbackProbeAsync(CancellationToken cancellationToken)
        {
            const string Id = "connect-loopback";
            const string Description = "connect to a loopback port the profile does not declare";
            using var canary = LoopbackCanary.Start(_mentionedPorts, cancellationToken);
            var port = canary.Port;
            var target = "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
            var decision = _engine.Decide(AccessRequest.FromEvent(new AccessEvent { Operation = "network-outbound", Remote = new NetworkEndpoint("tcp", "127.0.0.1", port) }));
            var helper = _helpers.FirstOrDefault(h => h.CanConnect);
            if (helper is null)
            {
                return NotAttempted(Id, "network", Description, target, decision);
            }

            var attempt = await AttemptAsync(Command(helper, helper.Arguments(ProbeAction.Connect, "127.0.0.1", port.ToString(CultureInfo.InvariantCulture))), cancellationToken).ConfigureAwait(false);
            var leaked = await canary.StopAsync().ConfigureAwait(false);
            return Verdict(Id, "network", Description, target, helper, attempt, leaked, "the probe's listener accepted the connection", decision,
                d => d.Operation.StartsWith("network", StringComparison.Ordinal) && (d.Remote?.Port == port || d.Remote?.Port is null));
        }

        /// <summary>Decided by the engine only: no connection is tried, so no packet can leave the machine.</summary>
        public ProbeResult ExternalProbe()
        {
            const string Id = "connect-external";
            const string Description = "reach a destination off this machine on a port the profile does not declare";
            var port = ExternalPortPreference.Concat(Enumerable.Range(1024, 60000)).First(p => !_mentionedPorts.Contains(p));
            var target = ExternalHost + ":" + port.ToString(CultureInfo.InvariantCulture);
            var decision = _engine.Decide(AccessRequest.FromEvent(new AccessEvent { Operation = "network-outbound", Remote = new NetworkEndpoint("tcp", ExternalHost, port) }));
            var rule = DenialExplainer.DescribeDecision(decision);
            return decision.MayBeAllowed
                ? new ProbeResult(Id, "network", Description, target, ProbeOutcome.Leaked,
                    "the profile allows it (decided by the engine; no connection was tried, so no packet left this machine)", null, rule, null)
                : new ProbeResult(Id, "network", Description, target, ProbeOutcome.Blocked,
                    "the profile denies it (decided by the engine; no connection was tried: macOS offers no way to try one without letting packets leave)", null, rule, null);
        }

        private async Task<Attempt> AttemptAsync(IReadOnlyList<string> command, CancellationToken cancellationToken)
        {
            var request = Request(command);
            if (_logUnavailable is null)
            {
                var collector = new SandboxCollector(platform, resolver, collectorOptions with { RunTimeout = AttemptTimeout, TagDenials = true });
                var run = await collector.RunAsync(request, cancellationToken).ConfigureAwait(false);
                if (run.Outcome is not null)
                {
                    Check(run.Outcome);
                    var collection = run.Quality == CollectionQuality.Fenced ? null : run.Detail;
                    return new Attempt(run.Outcome, run.Process!, [.. run.Events.Where(e => e.Result.IsDenied)], collection);
                }

                _logUnavailable = run.Detail ?? "the unified log could not be read";
            }

            var plain = await new MacSandboxRunner(platform, resolver, AttemptTimeout).RunAsync(request, cancellationToken).ConfigureAwait(false);
            Check(plain.Outcome);
            return new Attempt(plain.Outcome, plain.Process, [], "no kernel reports: " + _logUnavailable);
        }

        private MacRunRequest Request(IReadOnlyList<string> command) =>
            new(profiles, parameters, command, environment, MacStdio.Capture, world.Variables());

        /// <summary>sandbox-exec's own failures stop the probes: nothing could be tried under the profile.</summary>
        private void Check(SandboxExecOutcome outcome)
        {
            switch (outcome)
            {
                case NestedSandbox:
                    throw new PlatformUnavailableException(NestedSandbox.Explanation, "run sandboxer from an ordinary terminal, outside any agent, IDE or build sandbox");
                case ApplyFailed failed:
                    throw new PlatformUnavailableException("sandbox-exec could not apply the profile: " + failed.Message, remedy: null);
                case ProfileRejected rejected:
                    throw new ProfileRejectedException(ProfileRejectionText.Format(rejected, profiles), rejected.Location);
                default:
                    break;
            }
        }

        private static ProbeResult Verdict(
            string id, string category, string description, string target, ProbeHelper helper, Attempt attempt, bool leaked, string truth, Decision decision, Func<AccessEvent, bool> isAbout)
        {
            var rule = DenialExplainer.DescribeDecision(decision);
            if (leaked)
            {
                return new ProbeResult(id, category, description, target, ProbeOutcome.Leaked, truth, null, rule, helper.Executable);
            }

            var errno = attempt.Outcome is ExecFailed exec ? ErrnoText.Of(exec.Reason) : ErrnoText.Of(attempt.Process.Stderr);
            // The helper may be denied other things on the way; name the denial of the attempt itself when there is one.
            var denial = attempt.Denials.FirstOrDefault(isAbout) ?? (attempt.Denials.Count > 0 ? attempt.Denials[0] : null);
            var evidence = new StringBuilder();
            if (denial is not null)
            {
                evidence.Append("Seatbelt denied ").Append(denial.Operation).Append(' ').Append(MacDenialExplainer.Describe(denial));
                if (errno is not null)
                {
                    evidence.Append(" (").Append(errno).Append(')');
                }

                evidence.Append(", reported by the kernel for this attempt");
            }
            else
            {
                evidence.Append(errno is null ? "the attempt failed" : "the attempt failed with " + errno)
                    .Append("; no sandbox report was collected for it (reports are a lower bound)");
            }

            if (attempt.Collection is { } collection)
            {
                evidence.Append(" [").Append(collection).Append(']');
            }

            if (decision.MayBeAllowed && denial is null && errno != "EPERM")
            {
                // The profile lets it through; something else (file permissions) stopped this one attempt.
                return new ProbeResult(id, category, description, target, ProbeOutcome.Leaked,
                    "the profile allows it; " + evidence + ", so only something other than the sandbox stopped it", errno, rule, helper.Executable);
            }

            if (decision.MayBeAllowed)
            {
                evidence.Append("; the engine finds the profile allows it: the engine and macOS disagree here");
            }

            return new ProbeResult(id, category, description, target, ProbeOutcome.Blocked, evidence.ToString(), errno, rule, helper.Executable);
        }

        private static ProbeResult NotAttempted(string id, string category, string description, string target, Decision decision)
        {
            var rule = DenialExplainer.DescribeDecision(decision);
            var allowed = decision.MayBeAllowed;
            return new ProbeResult(id, category, description, target,
                allowed ? ProbeOutcome.Leaked : ProbeOutcome.BlockedCouldNotExecute,
                allowed
                    ? "no helper the profile lets run could make the attempt, but the profile allows it"
                    : "blocked (could not execute): the profile lets no probe helper (sh, bash, python3) run; the profile denies the access",
                null, rule, null);
        }

        private static IReadOnlyList<string> Command(ProbeHelper helper, IReadOnlyList<string> arguments) => [helper.Executable, .. arguments.Skip(1)];

        private static async Task<string?> ReadIfPresentAsync(string path, CancellationToken cancellationToken) =>
            File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false) : null;
    }
}
