namespace Sandboxer.Cli;

/// <summary>Exit codes shared by every command (docs/cli.md).</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command ran and found problems (denials, leaks, differences, unformatted, unverified).</summary>
    public const int Findings = 1;

    /// <summary>Bad usage, a missing file, or an invalid input profile.</summary>
    public const int Usage = 2;

    /// <summary>The platform cannot do this (no strace, no Landlock, no sandbox-exec).</summary>
    public const int Unsupported = 3;

    /// <summary>Interrupted with Ctrl-C; the child process tree was terminated.</summary>
    public const int Interrupted = 130;
}
