using Sandboxer.Platforms.MacOS.Reports;

namespace Sandboxer.Platforms.Tests.MacOS.Reports;

/// <summary>
/// The report grammar, one case per line shape. Messages are verbatim from docs/macos-runtime.md Appendix A
/// (numbers in the comments) and §2.1–2.4.
/// </summary>
public sealed class SandboxMessageParserTests
{
    private static SandboxReport ParseReport(string message)
    {
        var parsed = SandboxMessageParser.Parse(message);
        Assert.Equal(KernelMessageKind.Report, parsed.Kind);
        return parsed.Report!;
    }

    [Theory]
    // 1, 6, 9, 10, 11, 13: file operations with resolved paths.
    [InlineData("Sandbox: cat(15505) deny(1) file-read-data /private/etc/hosts", "cat", 15505, "file-read-data", "/private/etc/hosts")]
    [InlineData("Sandbox: touch(15511) deny(1) file-write-create /private/tmp/buckle_capture_probe", "touch", 15511, "file-write-create", "/private/tmp/buckle_capture_probe")]
    [InlineData("Sandbox: bash(15536) deny(1) file-read-data /private/etc/hosts", "bash", 15536, "file-read-data", "/private/etc/hosts")]
    [InlineData("Sandbox: gputoolsserviced(15546) deny(1) file-read-data /usr/libexec", "gputoolsserviced", 15546, "file-read-data", "/usr/libexec")]
    [InlineData("Sandbox: gputoolsserviced(15546) deny(1) file-write-create /private/var/folders/x1/_178pfv95q16b4k6pc24sz5r0000gn/C/com.apple.gputoolsserviced/com.apple.gputoolsserviced", "gputoolsserviced", 15546, "file-write-create", "/private/var/folders/x1/_178pfv95q16b4k6pc24sz5r0000gn/C/com.apple.gputoolsserviced/com.apple.gputoolsserviced")]
    [InlineData("Sandbox: zsh(83736) deny(1) file-write-data /dev/dtracehelper", "zsh", 83736, "file-write-data", "/dev/dtracehelper")]
    // 7, 8, 34, 35, 39, 40, 41, 42: network targets (unix socket path, remote:*:port, local:*:port).
    [InlineData("Sandbox: curl(15522) deny(1) network-outbound /private/var/run/syslog", "curl", 15522, "network-outbound", "/private/var/run/syslog")]
    [InlineData("Sandbox: curl(15522) deny(1) network-outbound remote:*:80", "curl", 15522, "network-outbound", "remote:*:80")]
    [InlineData("Sandbox: nc(86248) deny(1) network-outbound /private/var/run/syslog", "nc", 86248, "network-outbound", "/private/var/run/syslog")]
    [InlineData("Sandbox: curl(75886) deny(1) network-outbound /private/var/run/mDNSResponder", "curl", 75886, "network-outbound", "/private/var/run/mDNSResponder")]
    [InlineData("Sandbox: Hozz(2625) deny(1) network-outbound remote:*:60607", "Hozz", 2625, "network-outbound", "remote:*:60607")]
    [InlineData("Sandbox: python3.12(9269) deny(1) network-outbound remote:*:64312", "python3.12", 9269, "network-outbound", "remote:*:64312")]
    [InlineData("Sandbox: searchpartyd(159) deny(1) network-bind local:*:55330", "searchpartyd", 159, "network-bind", "local:*:55330")]
    [InlineData("Sandbox: dasd(83) deny(1) network-bind local:*:59999", "dasd", 83, "network-bind", "local:*:59999")]
    // 12, 14–17, 48: mach services.
    [InlineData("Sandbox: imagent(544) deny(1) mach-lookup com.apple.AddressBook.ContactsAccountsService", "imagent", 544, "mach-lookup", "com.apple.AddressBook.ContactsAccountsService")]
    [InlineData("Sandbox: zsh(83736) deny(1) mach-lookup com.apple.system.notification_center", "zsh", 83736, "mach-lookup", "com.apple.system.notification_center")]
    [InlineData("Sandbox: zsh(83736) deny(1) mach-lookup com.apple.logd", "zsh", 83736, "mach-lookup", "com.apple.logd")]
    [InlineData("Sandbox: zsh(83736) deny(1) mach-lookup com.apple.diagnosticd", "zsh", 83736, "mach-lookup", "com.apple.diagnosticd")]
    [InlineData("Sandbox: date(83743) deny(1) mach-lookup com.apple.system.notification_center", "date", 83743, "mach-lookup", "com.apple.system.notification_center")]
    [InlineData("Sandbox: backboardd(4079) deny(1) mach-lookup lh:rbs:rockettest_messageport", "backboardd", 4079, "mach-lookup", "lh:rbs:rockettest_messageport")]
    // 36, 37, 38: preferences and files of a curl run.
    [InlineData("Sandbox: curl(75886) deny(1) user-preference-read kCFPreferencesAnyApplication", "curl", 75886, "user-preference-read", "kCFPreferencesAnyApplication")]
    [InlineData("Sandbox: curl(75886) deny(1) file-read-data /Library/Preferences/com.apple.networkd.plist", "curl", 75886, "file-read-data", "/Library/Preferences/com.apple.networkd.plist")]
    [InlineData("Sandbox: curl(75886) deny(1) file-read-data /Users/eduardokolomajr/.CFUserTextEncoding", "curl", 75886, "file-read-data", "/Users/eduardokolomajr/.CFUserTextEncoding")]
    // 47, 49, 50: sysctl, dtrace helper, POSIX shared memory.
    [InlineData("Sandbox: netconvert(21722) deny(1) sysctl-read kern.bootargs", "netconvert", 21722, "sysctl-read", "kern.bootargs")]
    [InlineData("Sandbox: curl(3575) deny(1) file-write-data /dev/dtracehelper", "curl", 3575, "file-write-data", "/dev/dtracehelper")]
    [InlineData("Sandbox: curl(3575) deny(1) ipc-posix-shm-read-data apple.shm.notification_center", "curl", 3575, "ipc-posix-shm-read-data", "apple.shm.notification_center")]
    // 52: a signal to another process, target with brackets and parentheses.
    [InlineData("Sandbox: Craig-O-Clean(7163) deny(1) signal others [Safari(5085)] signum:15", "Craig-O-Clean", 7163, "signal", "others [Safari(5085)] signum:15")]
    // §2.4: system-fsctl with a quoted ioctl name; process-exec* keeps its star.
    [InlineData("Sandbox: nesessionmanager(678) deny(1) system-fsctl (_IO \"h\" 47)", "nesessionmanager", 678, "system-fsctl", "(_IO \"h\" 47)")]
    [InlineData("Sandbox: sandbox-exec(41398) deny(1) process-exec* /usr/bin/touch", "sandbox-exec", 41398, "process-exec*", "/usr/bin/touch")]
    // 54: an author-elided target is still just text.
    [InlineData("Sandbox: rsync(92078) deny(1) file-read-data ...", "rsync", 92078, "file-read-data", "...")]
    public void Parses_deny_reports(string message, string process, int pid, string operation, string target)
    {
        var report = ParseReport(message);
        Assert.Equal(SandboxReportKind.Profile, report.Kind);
        Assert.Equal(process, report.Process);
        Assert.Equal(pid, report.Pid);
        Assert.Equal(SandboxVerdict.Deny, report.Verdict);
        Assert.Equal(1, report.VerdictCount);
        Assert.Equal(operation, report.Operation);
        Assert.Equal(target, report.Target);
        Assert.Null(report.Tag);
        Assert.False(report.IsDuplicateSummary);
    }

    [Theory]
    // 33, §2.1: operations without a target.
    [InlineData("Sandbox: sandbox-exec(27256) deny(1) forbidden-sandbox-reinit", "sandbox-exec", 27256, "forbidden-sandbox-reinit")]
    [InlineData("Sandbox: kill(9) deny(1) signal", "kill", 9, "signal")]
    // 55: Xcode logs with the target elided.
    [InlineData("Sandbox: cp(11494) deny(1) file-read-data", "cp", 11494, "file-read-data")]
    [InlineData("Sandbox: cp(11979) deny(1) file-write-create", "cp", 11979, "file-write-create")]
    public void Parses_reports_without_a_target(string message, string process, int pid, string operation)
    {
        var report = ParseReport(message);
        Assert.Equal((process, pid, operation), (report.Process, report.Pid, report.Operation));
        Assert.Null(report.Target);
    }

    [Fact]
    public void Splits_the_tag_off_after_the_newline() // 2
    {
        var report = ParseReport("Sandbox: cat(15528) deny(1) file-read-data /private/etc/hosts\nCMD64_Y2F0IC9ldGMvaG9zdHMgfCBoZWFkIC0x_END__k3j9x0q2m_SBX");
        Assert.Equal("/private/etc/hosts", report.Target);
        Assert.Equal("CMD64_Y2F0IC9ldGMvaG9zdHMgfCBoZWFkIC0x_END__k3j9x0q2m_SBX", report.Tag);
    }

    [Theory]
    // 3, 4, 5, 31, 43(message part), 51: "1 duplicate report" / "N duplicate reports".
    [InlineData("1 duplicate report for Sandbox: searchpartyuseragent(1156) deny(1) mach-lookup com.apple.contactsd.persistence", 1, "searchpartyuseragent", "com.apple.contactsd.persistence")]
    [InlineData("3 duplicate reports for Sandbox: imagent(544) deny(1) mach-lookup com.apple.contactsd.persistence", 3, "imagent", "com.apple.contactsd.persistence")]
    [InlineData("7 duplicate reports for Sandbox: imagent(544) deny(1) mach-lookup com.apple.contactsd.persistence", 7, "imagent", "com.apple.contactsd.persistence")]
    [InlineData("1 duplicate report for Sandbox: ollama-sandbox(4615) deny(1) mach-lookup com.apple.diagnosticd", 1, "ollama-sandbox", "com.apple.diagnosticd")]
    [InlineData("3 duplicate reports for Sandbox: assistantd(800) deny(1) iokit-open-user-client AppleKeyStoreUserClient", 3, "assistantd", "AppleKeyStoreUserClient")]
    [InlineData("5 duplicate reports for Sandbox: curl(3575) deny(1) ipc-posix-shm-read-data apple.shm.notification_ce…", 5, "curl", "apple.shm.notification_ce…")]
    public void Reads_duplicate_summaries_as_counts(string message, long duplicates, string process, string target)
    {
        var report = ParseReport(message);
        Assert.True(report.IsDuplicateSummary);
        Assert.Equal(duplicates, report.Duplicates);
        Assert.Equal(duplicates, report.Occurrences);
        Assert.Equal(process, report.Process);
        Assert.Equal(target, report.Target);
    }

    [Theory]
    // 56, 58 (message part): allow reports from (with report) rules have no count.
    [InlineData("Sandbox: ContextStoreAgent(28911) allow file-read-data /Users/xt/LXT/code/trae/1107-model-eval/Nota4/Build/Nota4.app", "file-read-data")]
    [InlineData("Sandbox: ContextStoreAgent(28911) allow file-read-xattr /Users/xt/LXT/code/trae/1107-model-eval/Nota4/Build/Nota4.app/Contents/MacOS/Nota4", "file-read-xattr")]
    public void Parses_allow_reports(string message, string operation)
    {
        var report = ParseReport(message);
        Assert.Equal(SandboxVerdict.Allow, report.Verdict);
        Assert.Null(report.VerdictCount);
        Assert.Equal(operation, report.Operation);
        Assert.Equal(28911, report.Pid);
    }

    [Fact]
    public void Parses_allow_with_a_count()
    {
        var report = ParseReport("Sandbox: tool(42) allow(3) file-read-data /usr/lib/libz.dylib");
        Assert.Equal(SandboxVerdict.Allow, report.Verdict);
        Assert.Equal(3, report.VerdictCount);
    }

    [Theory]
    // 59 (message part), 60 (message part, wide spacing as in the source), buckle's eslogger line.
    [InlineData("System Policy: MetalTest(648) deny(1) iokit-open-user-client AppleParavirtDeviceUserClient", "MetalTest", 648, "Deny", "iokit-open-user-client")]
    [InlineData("System Policy: configd(342)      deny(1) iokit-open-service IOUSBHostInterface", "configd", 342, "Deny", "iokit-open-service")]
    [InlineData("System Policy: eslogger(14156) deny(1) system-privilege 1016", "eslogger", 14156, "Deny", "system-privilege")]
    // 61, 62 (message part): the OS X 10.11 form inside a Sandbox: line, including allow(0).
    [InlineData("Sandbox: htop(12748) System Policy: deny(1) mach-priv-task-port", "htop", 12748, "Deny", "mach-priv-task-port")]
    [InlineData("Sandbox: htop(51550) System Policy: allow(0) mach-priv-task-port", "htop", 51550, "Allow", "mach-priv-task-port")]
    public void Classifies_system_policy_reports_apart(string message, string process, int pid, string verdictName, string operation)
    {
        var verdict = Enum.Parse<SandboxVerdict>(verdictName);
        var report = ParseReport(message);
        Assert.Equal(SandboxReportKind.SystemPolicy, report.Kind);
        Assert.Equal((process, pid, verdict, operation), (report.Process, report.Pid, report.Verdict, report.Operation));
    }

    [Theory]
    // §2.1: names with spaces and parentheses; the pid is the number right before the verdict.
    [InlineData("Sandbox: Google Chrome Helper (Renderer)(812) deny(1) mach-lookup x", "Google Chrome Helper (Renderer)", 812)]
    [InlineData("Sandbox: 2.1.34(4321) deny(1) file-read-data /etc", "2.1.34", 4321)]
    [InlineData("Sandbox: worker (2)(77) deny(1) file-read-data /etc", "worker (2)", 77)]
    public void Takes_the_pid_right_before_the_verdict(string message, string process, int pid)
    {
        var report = ParseReport(message);
        Assert.Equal(process, report.Process);
        Assert.Equal(pid, report.Pid);
    }

    [Fact]
    public void Keeps_targets_with_spaces_quotes_and_parentheses_verbatim()
    {
        var report = ParseReport("Sandbox: cat(5) deny(1) file-read-data /Users/a/My Files/x (1) \"q\".txt");
        Assert.Equal("/Users/a/My Files/x (1) \"q\".txt", report.Target);
    }

    [Fact]
    public void A_target_that_imitates_a_report_cannot_move_the_split()
    {
        var report = ParseReport("Sandbox: cat(5) deny(1) file-read-data /tmp/x(7) deny(1) file-read-data /etc/shadow");
        Assert.Equal(("cat", 5, "file-read-data"), (report.Process, report.Pid, report.Operation));
        Assert.Equal("/tmp/x(7) deny(1) file-read-data /etc/shadow", report.Target);
    }

    [Fact]
    public void Recognizes_the_kernel_rate_limit_notice() // 63 (message part)
    {
        var parsed = SandboxMessageParser.Parse("*** kernel exceeded 500 log message per second limit  -  remaining messages this second discarded ***");
        Assert.Equal(KernelMessageKind.RateLimitNotice, parsed.Kind);
    }

    [Theory]
    [InlineData("zsh(66592) deny(1) signal initproc signum:15")] // 53: prefix elided by its author
    [InlineData("Sandbox: cat deny(1) file-read-data /etc/hosts")]
    [InlineData("Sandbox: cat(12) deny(1) File-Read /etc/hosts")]
    [InlineData("Sandbox: cat(12) refused file-read-data /etc/hosts")]
    [InlineData("0 duplicate reports for Sandbox: cat(1) deny(1) file-read-data /x")]
    [InlineData("AMFI: something else entirely")]
    public void Rejects_text_that_is_not_a_report(string message)
    {
        Assert.Equal(KernelMessageKind.Other, SandboxMessageParser.Parse(message).Kind);
    }

    [Theory]
    // 64, 65 (message parts), §2.1's spaced Chromium helper, 66 (message part).
    [InlineData("CWSandbox(6424) deny mach-lookup com.apple.airportd", "CWSandbox", 6424, "Profile")]
    [InlineData("Chromium Helper(62287) deny mach-lookup com.apple.cfprefsd.daemon", "Chromium Helper", 62287, "Profile")]
    [InlineData("Chromium Helper (62290) deny mach-lookup com.apple.cfprefsd.daemon", "Chromium Helper", 62290, "Profile")]
    [InlineData("htop(12748) System Policy: deny mach-priv-task-port", "htop", 12748, "SystemPolicy")]
    public void Parses_legacy_sandboxd_messages(string message, string process, int pid, string kindName)
    {
        var kind = Enum.Parse<SandboxReportKind>(kindName);
        var report = SandboxMessageParser.ParseLegacy(message);
        Assert.NotNull(report);
        Assert.True(report.IsLegacy);
        Assert.Null(report.VerdictCount);
        Assert.Equal((process, pid, kind), (report.Process, report.Pid, report.Kind));
    }
}
