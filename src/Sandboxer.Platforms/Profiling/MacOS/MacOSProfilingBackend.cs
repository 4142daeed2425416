using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sandboxer.Analysis;
using Sandboxer.Events;
using Sandboxer.Platforms.MacOS;
using Sandboxer.Platforms.MacOS.Collector;
using Sandboxer.Platforms.MacOS.Denials;
using Sandboxer.Platforms.MacOS.Driver;
using Sandboxer.Platforms.MacOS.LongRunning;
using Sandboxer.Platforms.Probes;
using Sandboxer.Platforms.Probes.MacOS;
using Sandboxer.Platforms.Processes;
using Sandboxer.Sbpl.Evaluation;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Platforms.Profiling.MacOS;

/// <summary>
/// The macOS backend of the profiling loop (docs/macos.md): every run under a profile goes through
/// <c>/usr/bin/sandbox-exec</c> with a fresh per-run tag on every deny rule, and its denials are read from the unified
/// log by <see cref="SandboxCollector"/> (READY and FENCE sentinels, attribution by tag and process tree). Observation
/// is an inventory: the target runs under <see cref="MacOSInventoryProfile"/>, <c>(allow default (with report))</c>
/// plus the mandatory denies, and every access the kernel reports is something it did; should sandbox-exec reject
/// that profile, observation is the first iteration of the deny-default loop instead (<see cref="MacOSSeedProfile"/>:
/// what it is denied is what it needs). Either way the target runs restricted, so the loop learns the program's normal
/// behaviour from an unsandboxed run first (<see cref="ObservationRestrictsTarget"/>). Reports are a lower bound (<see cref="DenialReportsAreLossy"/>): a
/// retried run is left untagged every other time and attributed by its process tree, since tagged reports of
/// non-platform binaries were seen dropped. Events have the Linux backend's shape: resolved paths, Seatbelt
/// operation names, <c>"result":"denied"</c>.
/// </summary>
internal sealed class MacOSProfilingBackend(IMacSandboxPlatform platform, IPathResolver resolver, MacOSBackendOptions options) : IProfilingBackend
{
    private const string NestedRemedy = "run sandboxer from an ordinary terminal, outside any agent, IDE or build sandbox";
    private const string LogRemedy = "run sandboxer outside any sandbox, from a user session that can read the unified log (/usr/bin/log stream)";

    public TargetPlatform Platform => TargetPlatform.MacOS;

    public string Description => "macos: sandbox-exec, unified log";

    public bool ObservationRestrictsTarget => true;

    public bool DenialReportsAreLossy => true;

    /// <summary>Long-running targets run through <see cref="MacLongRunningSupervisor"/> in every run: baseline, observation, enforcement, verification.</summary>
    public bool SupportsLongRunning => true;

    /// <summary>The backend for <paramref name="machine"/> (<see cref="MacOSMachine.Current"/>: real processes, <c>realpath(3)</c>, temporary files in <c>$TMPDIR</c>).</summary>
    public static MacOSProfilingBackend On(MacOSMachine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        return new(machine.Platform(null), machine.Resolver, MacOSBackendOptions.Default with { Collector = machine.Collector, FileExists = machine.FileExists });
    }

    public BackendAvailability CheckAvailability()
    {
        var sandbox = SandboxExecProbe.CheckAsync(platform, options.FileExists, CancellationToken.None).GetAwaiter().GetResult();
        if (!sandbox.IsAvailable)
        {
            var nested = sandbox.Reason == NestedSandbox.Explanation;
            return new BackendAvailability(false, false, sandbox.Reason, nested ? NestedRemedy : "profiling for macOS needs macOS 10.12 or later, which ships /usr/bin/sandbox-exec");
        }

        return options.FileExists(CollectorCommands.LogExecutable)
            ? BackendAvailability.Ready
            : new BackendAvailability(false, false, CollectorCommands.LogExecutable + " does not exist: the sandbox's denials cannot be read", "profiling for macOS needs the unified log's /usr/bin/log (macOS 10.12 or later)");
    }

    public async Task<BackendRun> RunPlainAsync(ProfilingTarget target, RunEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(environment);
        var program = Locate(target);
        var stopwatch = Stopwatch.StartNew();
        MacProcessResult result;
        try
        {
            result = await MacLongRunningSupervisor.RunAsync(
                platform, [program, .. target.Arguments.Skip(1)], target.WorkingDirectory, Variables(environment), MacStdio.Capture, Timeout(target), target.LongRunning, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Interrupted(stopwatch);
        }

        return new BackendRun(Outcome(result.ExitCode, result.TimedOut, result, target, stopwatch), [], LongRunningNotes(result));
    }

    public async Task<BackendRun> ObserveAsync(ProfilingTarget target, RunEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(environment);
        var executable = ResolveExecutable(Locate(target));
        try
        {
            return await RunUnderProfileAsync(MacOSInventoryProfile.Build(), target, environment, executable, cancellationToken).ConfigureAwait(false);
        }
        catch (ProfileRejectedException rejected)
        {
            var seed = MacOSSeedProfile.Build(target.Arguments, environment, executable);
            var run = await RunUnderProfileAsync(seed, target, environment, executable, cancellationToken).ConfigureAwait(false);
            return run with
            {
                Notes = ["sandbox-exec rejected the inventory profile ((allow default (with report))), so the program was observed under the deny-default seed instead: " + rejected.Message, .. run.Notes],
            };
        }
    }

    public Task<BackendRun> EnforceAsync(string profilePath, ProfilingTarget target, RunEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(profilePath);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(environment);
        return RunUnderProfileAsync(SourceText.FromFile(profilePath), target, environment, executable: null, cancellationToken);
    }

    public Task<ProbeReport> ProbeAsync(string profilePath, RunEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(profilePath);
        ArgumentNullException.ThrowIfNull(environment);
        var prober = new MacNegativeProbes(platform, resolver, options.Collector);
        return prober.RunAsync([SourceText.FromFile(profilePath)], environment.Parameters, LoadOptions.Default, cancellationToken);
    }

    /// <summary>
    /// One run under <paramref name="profile"/>, observed. <paramref name="executable"/> is set for the observation run:
    /// when the target ran, its executable is an observed, allowed access (sandbox-exec exec'd into it), and the
    /// accesses the kernel reported as allowed (the inventory's <c>(with report)</c>) are observations too; an
    /// enforced run returns its denials only.
    /// </summary>
    private async Task<BackendRun> RunUnderProfileAsync(
        SourceText profile, ProfilingTarget target, RunEnvironment environment, string? executable, CancellationToken cancellationToken)
    {
        var sandboxEnvironment = new SandboxEnvironment(environment.Home, environment.WorkingDirectory, environment.TemporaryDirectory);
        var parameters = SandboxParameters.Resolve(environment.Parameters, sandboxEnvironment, resolver);
        var loaded = ProfileLoader.Load([profile], parameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
        if (loaded.HasErrors)
        {
            var error = loaded.Diagnostics.First(d => d.IsError);
            throw new ProfileRejectedException("the profile does not evaluate: " + error, error.Location);
        }

        var untagged = environment.Retry % 2 == 1;
        var collectorOptions = options.Collector with { RunTimeout = Timeout(target), TagDenials = !untagged };
        var request = new MacRunRequest([profile], environment.Parameters, target.Arguments, sandboxEnvironment, MacStdio.Capture, Variables(environment))
        {
            LongRunning = target.LongRunning,
        };
        var stopwatch = Stopwatch.StartNew();
        CollectedRun run;
        try
        {
            run = await new SandboxCollector(platform, resolver, collectorOptions).RunAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Interrupted(stopwatch);
        }

        var notes = new List<string>();
        if (untagged)
        {
            notes.Add("a run that failed with no denial reported was repeated without the run tag (tagged reports of non-platform binaries were seen dropped); its reports are attributed by its process tree (the program and the processes seen below it)");
        }

        var exitCode = Classify(run, profile, notes);
        var process = run.Process!;
        notes.AddRange(LongRunningNotes(process));
        var explainer = new MacDenialExplainer(loaded.Profile);
        var events = new List<AccessEvent>();
        if (executable is not null && run.Outcome!.TargetRan)
        {
            events.Add(MacOSSeedProfile.Executed(executable, process.Pid));
        }

        if (executable is not null)
        {
            events.AddRange(run.Events.Where(e => !e.Result.IsDenied));
        }

        foreach (var denial in run.Events.Where(e => e.Result.IsDenied))
        {
            events.Add(denial);
            var explained = explainer.Explain(denial);
            if (!explained.EngineAgrees || explained.Essential is not null)
            {
                notes.Add(explained.Explanation);
            }
        }

        NoteCollection(run, notes);
        return new BackendRun(Outcome(exitCode, process.TimedOut, process, target, stopwatch), events, notes);
    }

    /// <summary>
    /// The run's exit code as the loop compares it. sandbox-exec's own failures either stop the loop with an
    /// explanation (nested sandbox, profile rejected) or become what a shell would report (126/127, 134).
    /// </summary>
    private static int Classify(CollectedRun run, SourceText profile, List<string> notes)
    {
        switch (run.Outcome)
        {
            case null:
                throw new PlatformUnavailableException("the unified log could not be read, so the sandbox's denials cannot be observed: " + run.Detail, LogRemedy);
            case NestedSandbox:
                throw new PlatformUnavailableException(NestedSandbox.Explanation, NestedRemedy);
            case ApplyFailed failed:
                throw new PlatformUnavailableException("sandbox-exec could not apply the profile: " + failed.Message, NestedRemedy);
            case ProfileRejected rejected:
                throw new ProfileRejectedException(ProfileRejectionText.Format(rejected, [profile]), rejected.Location);
            case ExecFailed failed:
                notes.Add(failed.Explanation);
                return failed.ShellExitCode;
            case DiedAtStartup died:
                notes.Add(died.Explanation);
                return died.ExitCode;
            case TargetExited exited:
                return exited.ExitCode;
            default:
                return run.Process!.ExitCode;
        }
    }

    private static void NoteCollection(CollectedRun run, List<string> notes)
    {
        switch (run.Quality)
        {
            case CollectionQuality.StreamFailed:
                throw new PlatformUnavailableException("the unified log stream ended during the run, so the sandbox's denials cannot be observed: " + run.Detail, LogRemedy);
            case CollectionQuality.Unfenced or CollectionQuality.NotLive:
                notes.Add("denials may be incomplete: " + run.Detail);
                break;
            default:
                break;
        }

        if (run.LateReports > 0)
        {
            notes.Add("some reports arrived only after the program had exited (collected: the FENCE sentinel waits for them)");
        }

        if (run.Statistics.RateLimitNotices > 0)
        {
            notes.Add("the kernel discarded sandbox reports (rate limit): the denials seen are incomplete");
        }

        if (run.Statistics.Unverified > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{run.Statistics.Unverified} log records looked like sandbox reports but were not written by the kernel's Sandbox extension: ignored"));
        }

        foreach (var error in run.StreamErrors.Take(3))
        {
            notes.Add("unreadable log line: " + error);
        }
    }

    private string Locate(ProfilingTarget target)
    {
        if (target.Arguments.Count == 0 || target.Arguments[0].Length == 0)
        {
            throw new TargetStartException("the program name is empty");
        }

        var program = target.Arguments[0];
        return platform.LocateExecutable(program, target.WorkingDirectory) ?? throw new TargetStartException(program + ": command not found");
    }

    private string ResolveExecutable(string located) => resolver.RealPath(located) ?? SandboxParameters.PrivateForm(located);

    /// <summary>The variables each run gets: its own TMPDIR (resolved, as the profile's parameter) and HOME.</summary>
    private Dictionary<string, string> Variables(RunEnvironment environment) => new(StringComparer.Ordinal)
    {
        ["TMPDIR"] = SandboxParameters.ResolveDirectory(environment.TemporaryDirectory, resolver),
        ["HOME"] = environment.Home,
    };

    private TimeSpan Timeout(ProfilingTarget target) => target.Timeout ?? options.DefaultRunTimeout;

    private static RunOutcome Outcome(int exitCode, bool timedOut, MacProcessResult result, ProfilingTarget target, Stopwatch stopwatch) => new(
        exitCode,
        Signal: null,
        Interrupted: false,
        TimedOut: timedOut,
        OutputDigest: target.CaptureOutput ? Digest(result.Stdout) : null,
        stopwatch.Elapsed,
        result.LongRunning?.Exercise?.Succeeded)
    {
        LongRunning = result.LongRunning,
    };

    /// <summary>A failed exercise, with the end of what it printed, so the user sees why the run was not normal.</summary>
    private static List<string> LongRunningNotes(MacProcessResult result) =>
        result.LongRunning?.ExerciseNote() is { } note ? [note] : [];

    private static BackendRun Interrupted(Stopwatch stopwatch) =>
        new(new RunOutcome(130, Signal: null, Interrupted: true, TimedOut: false, OutputDigest: null, stopwatch.Elapsed), [], []);

    private static string Digest(string output)
    {
        var bytes = Encoding.UTF8.GetBytes(output);
        return Convert.ToHexStringLower(SHA256.HashData(bytes)) + ":" + bytes.Length.ToString(CultureInfo.InvariantCulture);
    }
}
