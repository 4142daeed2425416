namespace Sandboxer.Platforms.MacOS.Driver;

/// <summary>
/// What happened when <c>sandbox-exec</c> ran (docs/macos-runtime.md §1.2): the target ran and exited, or
/// <c>sandbox-exec</c> itself failed before the target started.
/// </summary>
internal abstract record SandboxExecOutcome
{
    /// <summary>True when the target program actually ran under the profile.</summary>
    public abstract bool TargetRan { get; }
}

/// <summary>The target ran; <see cref="ExitCode"/> is its status (128+signal when killed by a signal).</summary>
internal sealed record TargetExited(int ExitCode) : SandboxExecOutcome
{
    public override bool TargetRan => true;
}

/// <summary>
/// Exit 134 (SIGABRT) with nothing on stderr: the process most likely died during startup because the profile
/// denies something the runtime needs before <c>main</c> (dyld, a sysctl such as <c>hw.pagesize_compat</c>).
/// </summary>
internal sealed record DiedAtStartup(int ExitCode) : SandboxExecOutcome
{
    public override bool TargetRan => true;

    public string Explanation =>
        $"the program aborted with no output (exit {ExitCode}, SIGABRT): it most likely died during startup because the profile denies "
        + "something its runtime needs before main (system libraries, a sysctl such as hw.pagesize_compat)";
}

/// <summary>Exit 65: <c>sandbox-exec</c> could not compile the profile.</summary>
/// <param name="Message">sandbox-exec's message, e.g. <c>unbound variable: bogus-op</c>.</param>
/// <param name="Location">Where, mapped back to the user's file when sandbox-exec said.</param>
/// <param name="Form">The offending form from a <c>Backtrace:</c> block, when given.</param>
internal sealed record ProfileRejected(string Message, Sandboxer.Sbpl.Text.SourceLocation? Location, string? Form) : SandboxExecOutcome
{
    public override bool TargetRan => false;
}

/// <summary>
/// Exit 71 with <c>sandbox_apply: Operation not permitted</c>: this process is already inside a Seatbelt sandbox
/// and macOS forbids applying another (the kernel logs <c>forbidden-sandbox-reinit</c>).
/// </summary>
internal sealed record NestedSandbox : SandboxExecOutcome
{
    public override bool TargetRan => false;

    public static string Explanation =>
        "sandbox-exec refused to apply the profile (sandbox_apply: Operation not permitted): Sandboxer is running inside another "
        + "Seatbelt sandbox (an agent, IDE, terminal or build sandbox) and macOS forbids nesting sandboxes (forbidden-sandbox-reinit); "
        + "run sandboxer from an unsandboxed shell";
}

/// <summary>Exit 71 with another <c>sandbox_apply</c> error.</summary>
internal sealed record ApplyFailed(string Message) : SandboxExecOutcome
{
    public override bool TargetRan => false;
}

/// <summary>Exit 71: the profile was applied but the target could not be executed.</summary>
/// <param name="Program">The program sandbox-exec tried to run.</param>
/// <param name="Reason">The <c>strerror</c> text, e.g. <c>Operation not permitted</c>, <c>No such file or directory</c>.</param>
internal sealed record ExecFailed(string Program, string Reason) : SandboxExecOutcome
{
    public override bool TargetRan => false;

    /// <summary>What a shell would exit with: 126 when the program may not be executed, 127 when it is not there.</summary>
    public int ShellExitCode => Reason == "No such file or directory" ? 127 : 126;

    public string Explanation => Reason == "Operation not permitted"
        ? $"cannot execute '{Program}' under the profile: it denies process-exec of the program (or the program is setuid, which no sandbox may exec)"
        : $"cannot execute '{Program}': {Reason}";
}

/// <summary>The run exceeded its time limit and the process tree was killed.</summary>
internal sealed record TimedOut(TimeSpan Limit) : SandboxExecOutcome
{
    public override bool TargetRan => true;
}
