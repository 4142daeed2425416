using Sandboxer.Platforms.MacOS.LongRunning;

namespace Sandboxer.Platforms.MacOS.Collector;

/// <summary>
/// Everything the macOS collector needs from the machine, small enough to replace with a scripted double built
/// from recorded captures: run a program (sandbox-exec) to completion, stream the log, keep temporary files.
/// </summary>
internal interface IMacSandboxPlatform
{
    /// <summary>
    /// Runs <paramref name="argv"/> (argv[0] an absolute path) in <paramref name="workingDirectory"/> (the tool's own
    /// when null) with <paramref name="environment"/> set on top of the tool's environment, its standard streams as
    /// <paramref name="stdio"/> says. At <paramref name="timeout"/> it gets SIGTERM, on cancellation SIGINT (as Ctrl-C
    /// would), then a short grace period, then its process tree is killed; cancellation then throws. Its process tree
    /// is watched while it runs (<see cref="MacProcessResult.Descendants"/>), and whatever of it outlives the root is
    /// stopped before this returns.
    /// </summary>
    Task<MacProcessResult> RunAsync(
        IReadOnlyList<string> argv,
        string? workingDirectory,
        IReadOnlyDictionary<string, string>? environment,
        MacStdio stdio,
        TimeSpan timeout,
        CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="argv"/> as <see cref="RunAsync"/> does, while <paramref name="supervisor"/> watches it; when
    /// the supervisor says so the run is stopped by the tool: SIGTERM to the root, the supervisor's grace period, then
    /// its tree is killed (<see cref="MacProcessResult.StoppedByTool"/>). Every signal goes through the same code as a
    /// timed-out run's.
    /// </summary>
    Task<MacProcessResult> RunSupervisedAsync(
        IReadOnlyList<string> argv,
        string? workingDirectory,
        IReadOnlyDictionary<string, string>? environment,
        MacStdio stdio,
        TimeSpan timeout,
        IMacRunSupervisor supervisor,
        CancellationToken cancellationToken);

    /// <summary>
    /// The absolute path of the program <c>execvp</c> would run for <paramref name="program"/> (a path containing
    /// <c>/</c> is taken relative to <paramref name="workingDirectory"/>, a bare name is looked up on the tool's
    /// PATH), symbolic links not resolved; <see langword="null"/> when there is none.
    /// </summary>
    string? LocateExecutable(string program, string workingDirectory);

    /// <summary>Starts <paramref name="argv"/> (the <c>log stream</c> command) and returns its line stream.</summary>
    IMacLogStream StartLogStream(IReadOnlyList<string> argv);

    /// <summary>Creates a private (0600) temporary file with <paramref name="content"/>; returns its resolved path.</summary>
    string CreateTemporaryFile(string suffix, string content);

    void DeleteTemporaryFile(string path);
}
