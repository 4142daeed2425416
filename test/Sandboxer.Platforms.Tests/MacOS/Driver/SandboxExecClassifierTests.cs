using Sandboxer.Platforms.MacOS.Driver;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Platforms.Tests.MacOS.Driver;

/// <summary>Exit classification, table-driven from the verbatim stderr lines of docs/macos-runtime.md §1.2 / Appendix A 68–75.</summary>
public sealed class SandboxExecClassifierTests
{
    [Theory]
    [InlineData("sandbox-exec: unbound variable: setenv at <input string>, line 5", "unbound variable: setenv", "<input string>", 5, 1)] // 69
    [InlineData("sandbox-exec: unbound variable: bogus-op at <input string>, line 1, column 28", "unbound variable: bogus-op", "<input string>", 1, 28)]
    [InlineData("sandbox-exec: unbound variable: remote-host at /private/tmp/test-sbpl.sb, line 6", "unbound variable: remote-host", "/private/tmp/test-sbpl.sb", 6, 1)] // 70
    public void Profile_errors_with_a_location(string stderr, string message, string file, int line, int column)
    {
        var outcome = Assert.IsType<ProfileRejected>(SandboxExecClassifier.Classify(65, stderr + "\n", sourceMap: null));
        Assert.Equal(message, outcome.Message);
        Assert.Equal((file, line, column), (outcome.Location!.Path, outcome.Location.Start.Line, outcome.Location.Start.Column));
        Assert.False(outcome.TargetRan);
    }

    [Theory]
    [InlineData("sandbox-exec: unbound variable: TIOCSTI")]
    [InlineData("sandbox-exec: invalid data type of path filter; expected pattern, got boolean")] // 72
    [InlineData("sandbox-exec: undefined sharp expression")]
    [InlineData("sandbox-exec: Error reading string")]
    [InlineData("sandbox-exec: no version specified")]
    [InlineData("sandbox-exec: /tmp/x.sb: No such file or directory")]
    [InlineData("sandbox-exec: /tmp/x.sb: Permission denied")]
    [InlineData("sandbox-exec: pattern serialization length 77788 exceeds maximum (65535)")] // 73
    public void Profile_errors_without_a_location(string stderr)
    {
        var outcome = Assert.IsType<ProfileRejected>(SandboxExecClassifier.Classify(65, stderr + "\n", sourceMap: null));
        Assert.Equal(stderr["sandbox-exec: ".Length..], outcome.Message);
        Assert.Null(outcome.Location);
    }

    [Fact]
    public void Reads_the_backtrace_block() // 71 with its backtrace
    {
        var stderr = "sandbox-exec: host must be * or localhost in network address\n\nBacktrace:\n/private/tmp/strict.sb:35:22:\n(local ip \"127.0.0.1:*\")\n";
        var outcome = Assert.IsType<ProfileRejected>(SandboxExecClassifier.Classify(65, stderr, sourceMap: null));
        Assert.Equal("host must be * or localhost in network address", outcome.Message);
        Assert.Equal(("/private/tmp/strict.sb", 35, 22), (outcome.Location!.Path, outcome.Location.Start.Line, outcome.Location.Start.Column));
        Assert.Equal("(local ip \"127.0.0.1:*\")", outcome.Form);
    }

    [Fact]
    public void Maps_errors_in_the_concatenated_profile_back_to_the_users_file()
    {
        var common = new SourceText("(version 1)\n(deny default)\n(allow file-read* (subpath \"/usr\"))\n", "/Users/ana/common.sb");
        var app = new SourceText("(allow network-outbound (local ip \"127.0.0.1:*\"))\n(allow bogus-op)\n", "/Users/ana/app.sb");
        var executed = ExecutedProfile.Build([common, app], "sbx_test");
        var map = executed.Map with { ExecutedPath = "/var/folders/xx/yy/T/sandboxer-sbx_test.sb" };

        var unbound = Assert.IsType<ProfileRejected>(SandboxExecClassifier.Classify(
            65, "sandbox-exec: unbound variable: bogus-op at /private/var/folders/xx/yy/T/sandboxer-sbx_test.sb, line 5, column 8\n", map));
        Assert.Equal(("/Users/ana/app.sb", 2, 8), (unbound.Location!.Path, unbound.Location.Start.Line, unbound.Location.Start.Column));

        var backtrace = Assert.IsType<ProfileRejected>(SandboxExecClassifier.Classify(
            65, "sandbox-exec: host must be * or localhost in network address\n\nBacktrace:\n/private/var/folders/xx/yy/T/sandboxer-sbx_test.sb:4:25:\n(local ip \"127.0.0.1:*\")\n", map));
        Assert.Equal(("/Users/ana/app.sb", 1, 25), (backtrace.Location!.Path, backtrace.Location.Start.Line, backtrace.Location.Start.Column));

        var elsewhere = Assert.IsType<ProfileRejected>(SandboxExecClassifier.Classify(65, "sandbox-exec: unbound variable: x at /other.sb, line 5\n", map));
        Assert.Equal(("/other.sb", 5), (elsewhere.Location!.Path, elsewhere.Location.Start.Line));
    }

    [Fact]
    public void Maps_columns_after_an_inserted_tag_back_to_the_users_column()
    {
        var profile = new SourceText("(version 1)\n(deny default) (allow bogus)\n", "/p.sb");
        var executed = ExecutedProfile.Build([profile], "sbx_t");
        Assert.Equal("(version 1)\n(deny default (with message \"sbx_t\")) (allow bogus)\n", executed.Text);
        var map = executed.Map with { ExecutedPath = "/tmp/e.sb" };
        // "(allow bogus)" starts at column 17 in the user's line and at 17 + 27 in the executed one.
        var mapped = map.Map(2, 17 + " (with message \"sbx_t\")".Length);
        Assert.Equal(17, mapped!.Start.Column);
        Assert.Equal(1, map.Map(2, 1)!.Start.Column);
    }

    [Fact]
    public void Nested_sandbox_refusal_is_explained() // 68
    {
        var outcome = SandboxExecClassifier.Classify(71, "sandbox-exec: sandbox_apply: Operation not permitted\n", sourceMap: null);
        Assert.IsType<NestedSandbox>(outcome);
        Assert.Contains("forbidden-sandbox-reinit", NestedSandbox.Explanation, StringComparison.Ordinal);
        Assert.Contains("Sandboxer is running inside another", NestedSandbox.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_apply_failures_keep_their_reason()
    {
        var outcome = Assert.IsType<ApplyFailed>(SandboxExecClassifier.Classify(71, "sandbox-exec: sandbox_apply: Invalid argument\n", sourceMap: null));
        Assert.Equal("Invalid argument", outcome.Message);
    }

    [Theory]
    [InlineData("sandbox-exec: execvp() of '/usr/bin/true' failed: Operation not permitted", "/usr/bin/true", "Operation not permitted", "denies process-exec")] // 74
    [InlineData("sandbox-exec: execvp() of 'forum' failed: No such file or directory", "forum", "No such file or directory", "cannot execute 'forum': No such file or directory")] // 75
    [InlineData("execvp() of '/bin/ps' failed: Operation not permitted", "/bin/ps", "Operation not permitted", "setuid")]
    public void Exec_failures(string stderr, string program, string reason, string explanation)
    {
        var outcome = Assert.IsType<ExecFailed>(SandboxExecClassifier.Classify(71, stderr + "\n", sourceMap: null));
        Assert.Equal((program, reason), (outcome.Program, outcome.Reason));
        Assert.Contains(explanation, outcome.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Abort_with_empty_stderr_means_death_at_startup()
    {
        var outcome = Assert.IsType<DiedAtStartup>(SandboxExecClassifier.Classify(134, "", sourceMap: null));
        Assert.True(outcome.TargetRan);
        Assert.Contains("hw.pagesize_compat", outcome.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_compiler_assertion_means_the_profile_is_too_large()
    {
        var outcome = Assert.IsType<ProfileRejected>(SandboxExecClassifier.Classify(
            134, "Assertion failed: (diff <= INSTR_JUMP_NE_MAX_LENGTH), function emit_jump, file serialize.c, line 240.\n", sourceMap: null));
        Assert.Contains("too large", outcome.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "")]
    [InlineData(1, "ls: /secret: Operation not permitted\n")]
    [InlineData(65, "my-tool: bad input data\n")] // the target's own EX_DATAERR
    [InlineData(71, "my-tool: cannot fork\n")] // the target's own EX_OSERR
    [InlineData(134, "Abort trap: 6\n")] // an abort with output is the program's own
    [InlineData(137, "")]
    public void Anything_else_is_the_targets_own_status(int exitCode, string stderr)
    {
        var outcome = Assert.IsType<TargetExited>(SandboxExecClassifier.Classify(exitCode, stderr, sourceMap: null));
        Assert.Equal(exitCode, outcome.ExitCode);
    }
}
