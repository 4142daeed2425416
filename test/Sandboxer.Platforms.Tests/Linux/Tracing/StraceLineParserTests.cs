using System.Text;
using Sandboxer.Platforms.Linux.Tracing;

namespace Sandboxer.Platforms.Tests.Linux.Tracing;

public sealed class StraceLineParserTests
{
    [Fact]
    public void Parses_a_complete_call_with_pid_prefix()
    {
        var line = StraceLineParser.Parse("5613  openat(3</tmp/demo/fam>, \"a.txt\", O_RDWR|O_APPEND) = 4</tmp/demo/fam/a.txt>"u8);
        Assert.Equal(StraceLineKind.Call, line.Kind);
        Assert.Equal(5613, line.Pid);
        Assert.Equal("openat", Text(line.Name));
        Assert.Equal("3</tmp/demo/fam>, \"a.txt\", O_RDWR|O_APPEND", Text(line.Arguments));
        Assert.Equal("4</tmp/demo/fam/a.txt>", Text(line.Result));
    }

    [Fact]
    public void Accepts_the_stderr_pid_form_the_ff_form_and_timestamps()
    {
        Assert.Equal(4806, StraceLineParser.Parse("[pid  4806] close(3) = 0"u8).Pid);
        var bare = StraceLineParser.Parse("close(3) = 0"u8);
        Assert.Equal((StraceLineKind.Call, 0), (bare.Kind, bare.Pid));
        var timed = StraceLineParser.Parse("21366 1732650000.123456 close(3) = 0"u8);
        Assert.Equal((StraceLineKind.Call, 21366, "close"), (timed.Kind, timed.Pid, Text(timed.Name)));
        var timedOnly = StraceLineParser.Parse("1732650000.123456 close(3) = 0"u8);
        Assert.Equal((StraceLineKind.Call, 0), (timedOnly.Kind, timedOnly.Pid));
    }

    [Fact]
    public void Parses_unfinished_and_resumed_halves()
    {
        var unfinished = StraceLineParser.Parse("4804  wait4(-1,  <unfinished ...>"u8);
        Assert.Equal(StraceLineKind.Unfinished, unfinished.Kind);
        Assert.Equal("-1, ", Text(unfinished.Arguments));
        var vfork = StraceLineParser.Parse("4976  vfork( <unfinished ...>"u8);
        Assert.Equal((StraceLineKind.Unfinished, ""), (vfork.Kind, Text(vfork.Arguments)));
        var resumed = StraceLineParser.Parse("4804  <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 4805"u8);
        Assert.Equal(StraceLineKind.Resumed, resumed.Kind);
        Assert.Equal("wait4", Text(resumed.Name));
        Assert.Equal("[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 4805", Text(resumed.Arguments));
    }

    [Fact]
    public void Joins_halves_per_pid_into_the_whole_call()
    {
        var pending = new PendingCallTable();
        var scratch = new ByteScratch();
        var first = StraceLineParser.Parse("4980  execve(\"/usr/bin/sh\", [\"sh\", \"-c\", \"cat /etc/hostname >/dev/null; ex\"...], 0x7fff244d3e30 /* 47 vars */ <unfinished ...>"u8);
        pending.Store(first.Pid, first.Name, first.Arguments);
        var resumed = StraceLineParser.Parse("4980  <... execve resumed>)             = 0"u8);
        Assert.True(pending.TryJoin(resumed.Pid, resumed.Name, resumed.Arguments, scratch, out var body, out var execSucceeded));
        Assert.False(execSucceeded);
        var joined = StraceLineParser.ParseBody(body, 4980);
        Assert.Equal(StraceLineKind.Call, joined.Kind);
        Assert.Equal("\"/usr/bin/sh\", [\"sh\", \"-c\", \"cat /etc/hostname >/dev/null; ex\"...], 0x7fff244d3e30 /* 47 vars */", Text(joined.Arguments));
        Assert.Equal("0", Text(joined.Result));
        Assert.Equal(0, pending.Count);
    }

    [Fact]
    public void A_resumed_half_without_its_first_half_is_an_orphan()
    {
        var pending = new PendingCallTable();
        pending.Store(7, "read"u8, "3, "u8);
        Assert.False(pending.TryJoin(8, "read"u8, ") = 1"u8, new ByteScratch(), out _, out _));
        Assert.False(pending.TryJoin(7, "write"u8, ") = 1"u8, new ByteScratch(), out _, out _));
        Assert.Equal(2, pending.Orphans);
        Assert.Equal(0, pending.Count);
    }

    [Fact]
    public void Parses_signals_exits_kills_and_supersession()
    {
        var signal = StraceLineParser.Parse("4982  --- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=4976, si_uid=0} ---"u8);
        Assert.Equal((StraceLineKind.Signal, "SIGTERM"), (signal.Kind, Text(signal.Name)));
        var stopped = StraceLineParser.Parse("4982  --- stopped by SIGSTOP ---"u8);
        Assert.Equal((StraceLineKind.Signal, "SIGSTOP"), (stopped.Kind, Text(stopped.Name)));
        var exited = StraceLineParser.Parse("5614  +++ exited with 3 +++"u8);
        Assert.Equal((StraceLineKind.Exited, 3L), (exited.Kind, exited.Number));
        var killed = StraceLineParser.Parse("4982  +++ killed by SIGSEGV (core dumped) +++"u8);
        Assert.Equal((StraceLineKind.Killed, "SIGSEGV"), (killed.Kind, Text(killed.Name)));
        var superseded = StraceLineParser.Parse("10911 +++ superseded by execve in pid 10912 +++"u8);
        Assert.Equal((StraceLineKind.Superseded, 10911, 10912L), (superseded.Kind, superseded.Pid, superseded.Number));
        var changed = StraceLineParser.Parse("10912 execve(\"/usr/bin/true\", [\"true\"], 0x7ffd0dd85cd0 /* 43 vars */ <pid changed to 10911 ...>"u8);
        Assert.Equal((StraceLineKind.PidChanged, 10911L), (changed.Kind, changed.Number));
        Assert.Equal("\"/usr/bin/true\", [\"true\"], 0x7ffd0dd85cd0 /* 43 vars */", Text(changed.Arguments));
    }

    [Theory]
    [InlineData("4</tmp/x>", "Success", 4, "", "/tmp/x", false, false)]
    [InlineData("4</tmp/deleted.txt>(deleted)", "Success", 4, "", "/tmp/deleted.txt", true, false)]
    [InlineData("-1 ENOENT (No such file or directory)", "Failure", -1, "ENOENT", "", false, false)]
    [InlineData("-1 EACCES (Permission denied) (INJECTED)", "Failure", -1, "EACCES", "", false, true)]
    [InlineData("? ERESTARTSYS (To be restarted if SA_RESTART is set)", "Unknown", 0, "ERESTARTSYS", "", false, false)]
    [InlineData("?", "Unknown", 0, "", "", false, false)]
    [InlineData("0x7fbf8cc43000", "Success", 0x7fbf8cc43000, "", "", false, false)]
    [InlineData("-1 (errno 18446744073709551595)", "Failure", -1, "", "", false, false)]
    public void Parses_results(string text, string outcome, long value, string errno, string decoration, bool deleted, bool injected)
    {
        var result = SyscallResult.Parse(Encoding.ASCII.GetBytes(text));
        Assert.Equal(Enum.Parse<SyscallOutcome>(outcome), result.Outcome);
        Assert.Equal(value, result.Value);
        Assert.Equal(errno, Text(result.Errno));
        Assert.Equal(decoration, Text(result.Decoration));
        Assert.Equal(deleted, result.Deleted);
        Assert.Equal(injected, result.Injected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("strace: Process 1234 attached")]
    [InlineData("5613  openat(AT_FDCWD</tmp>, \"/etc/pass")]
    [InlineData("5613  )))(((")]
    public void Garbage_and_cut_lines_are_unknown(string text)
    {
        Assert.Equal(StraceLineKind.Unknown, StraceLineParser.Parse(Encoding.ASCII.GetBytes(text)).Kind);
    }

    private static string Text(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
