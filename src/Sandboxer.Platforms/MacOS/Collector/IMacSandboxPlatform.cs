namespace Sandboxer.Platforms.MacOS.Collector;

/// <summary>
/// Everything the macOS collector needs from the machine, small enough to replace with a scripted double built
/// from recorded captures: run a program (sandbox-exec) to completion, stream the log, keep temporary files.
/// </summary>
internal interface IMacSandboxPlatform
{
    /// <summary>
    /// Runs <paramref name="argv"/> (argv[0] an absolute path) in <paramref name="workingDirectory"/> (the tool's own
    /// when null), its standard streams as <paramref name="stdio"/> says; kills its process tree at
    /// <paramref name="timeout"/> and on cancellation.
    /// </summary>
    Task<MacProcessResult> RunAsync(IReadOnlyList<string> argv, string? workingDirectory, MacStdio stdio, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Starts <paramref name="argv"/> (the <c>log stream</c> command) and returns its line stream.</summary>
    IMacLogStream StartLogStream(IReadOnlyList<string> argv);

    /// <summary>Creates a private (0600) temporary file with <paramref name="content"/>; returns its resolved path.</summary>
    string CreateTemporaryFile(string suffix, string content);

    void DeleteTemporaryFile(string path);
}
