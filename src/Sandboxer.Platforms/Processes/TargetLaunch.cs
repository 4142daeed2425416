namespace Sandboxer.Platforms.Processes;

/// <summary>
/// How to run the user's program: its argv, where, with which environment changes, for how long, and optionally
/// through a wrapper (strace, <c>sandboxer __exec</c>). The runner keeps the program's standard streams attached to
/// the tool's own (interactive programs keep working) unless <see cref="Stdio"/> says otherwise.
/// </summary>
internal sealed record TargetLaunch
{
    /// <summary>The program and its arguments; <c>Arguments[0]</c> is looked up on the target's PATH like a shell does.</summary>
    public required IReadOnlyList<string> Arguments { get; init; }

    /// <summary>Working directory of the target; the tool's current directory when null.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables to set (value) or remove (null) in the inherited environment, e.g. <c>HOME</c>, <c>TMPDIR</c>.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Stop the target (as on an interrupt, with SIGTERM) when it runs longer than this.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Also keep a copy of everything the target writes to stdout (it still reaches the tool's stdout).</summary>
    public bool CaptureOutput { get; init; }

    /// <summary>At most this many bytes of captured stdout are kept; the digest always covers everything.</summary>
    public int CaptureLimit { get; init; } = 16 * 1024 * 1024;

    /// <summary>Launch <c>Wrapper.Arguments + Arguments</c> instead of the program itself.</summary>
    public LaunchWrapper? Wrapper { get; init; }

    /// <summary>How long a signalled process gets to exit before the next, harder step (SIGTERM, then SIGKILL).</summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Handle SIGINT and SIGTERM sent to the tool while the target runs (forward them, then clean up).</summary>
    public bool HandleTerminationSignals { get; init; } = true;

    /// <summary>
    /// Starts the program instead of the supervising thread's own <c>posix_spawn</c> (the Landlock launcher spawns it
    /// from a dedicated, confined thread) and returns its pid; the program must be a child of this process. Failures
    /// are reported as <see cref="TargetStartException"/>.
    /// </summary>
    public Func<TargetSpawnRequest, int>? Spawner { get; init; }

    /// <summary>
    /// The target is long-running (a server, a watcher): wait until it is ready, exercise it, then stop its tree; see
    /// <see cref="LongRunningOptions"/>. The outcome's <see cref="TargetOutcome.LongRunning"/> says how that went.
    /// </summary>
    public LongRunningOptions? LongRunning { get; init; }

    /// <summary>Replacement standard streams (tests, pipelines); null members are inherited from the tool.</summary>
    public TargetStdio Stdio { get; init; } = TargetStdio.Inherit;
}
