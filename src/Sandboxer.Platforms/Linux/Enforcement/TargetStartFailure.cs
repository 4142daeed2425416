namespace Sandboxer.Platforms.Linux.Enforcement;

/// <summary>Why a confined target never ran.</summary>
internal enum TargetStartFailureKind
{
    /// <summary>The program does not exist (exit 127).</summary>
    NotFound,

    /// <summary>The program exists but could not be executed, usually because the profile does not allow it (exit 126).</summary>
    CannotExecute,

    /// <summary>The sandbox itself cannot be set up here (exit 3).</summary>
    Unsupported,
}

/// <summary>A confined target that never ran: what happened, in a sentence, and its kind.</summary>
internal sealed record TargetStartFailure(string Message, TargetStartFailureKind Kind)
{
    /// <summary>The exit code a shell would report (127 not found, 126 cannot execute), 3 when unsupported.</summary>
    public int ExitCode => Kind switch
    {
        TargetStartFailureKind.NotFound => 127,
        TargetStartFailureKind.CannotExecute => 126,
        _ => 3,
    };
}
