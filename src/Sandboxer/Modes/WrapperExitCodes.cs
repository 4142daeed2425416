namespace Sandboxer.Modes;

/// <summary>
/// The exit statuses of a generated wrapper script when it runs nothing (sysexits.h numbers, so they cannot be
/// mistaken for a usage error of sandboxer itself). Otherwise the script's status is the program's own.
/// </summary>
public static class WrapperExitCodes
{
    /// <summary>EX_USAGE: unknown or missing mode and the script was generated with <c>--refuse</c>.</summary>
    public const int UnknownMode = 64;

    /// <summary>EX_NOINPUT: the mode's profile is not next to the script any more.</summary>
    public const int ProfileMissing = 66;

    /// <summary>EX_UNAVAILABLE: <c>/usr/bin/sandbox-exec</c> is missing (not macOS).</summary>
    public const int SandboxUnavailable = 69;

    /// <summary>EX_SOFTWARE: the script cannot find its own directory or the current directory.</summary>
    public const int CannotLocate = 70;

    /// <summary>EX_CONFIG: <c>HOME</c> is not set.</summary>
    public const int HomeNotSet = 78;

    /// <summary>The shell's "command not found": <c>sandboxer</c> (Linux) is not on PATH and <c>SANDBOXER</c> is not set.</summary>
    public const int SandboxerNotFound = 127;
}
