using Sandboxer.Events;
using Sandboxer.Platforms.MacOS.Reports;

namespace Sandboxer.Platforms.Tests.MacOS.Reports;

/// <summary>Text-style captures: one case per line shape, lines verbatim from docs/macos-runtime.md Appendix A.</summary>
public sealed class TextSandboxLogReaderTests
{
    private static SandboxLogRead Read(params string[] lines) =>
        TextSandboxLogReader.Read(new StringReader(string.Join('\n', lines) + "\n"), "capture.log");

    private static SandboxReport Single(string line)
    {
        var read = Read(line);
        return Assert.Single(read.Entries).Report;
    }

    [Theory]
    // 18–27: `log --style syslog` (HackTricks, 2023-05-26).
    [InlineData("2023-05-26 13:42:44.136082+0200  localhost kernel[0]: (Sandbox) Sandbox: sandbox-exec(41398) deny(1) process-exec* /usr/bin/touch", "sandbox-exec", 41398, "process-exec*", "/usr/bin/touch")]
    [InlineData("2023-05-26 13:42:44.136100+0200  localhost kernel[0]: (Sandbox) Sandbox: sandbox-exec(41398) deny(1) file-read-metadata /usr/bin/touch", "sandbox-exec", 41398, "file-read-metadata", "/usr/bin/touch")]
    [InlineData("2023-05-26 13:42:44.136321+0200  localhost kernel[0]: (Sandbox) Sandbox: sandbox-exec(41398) deny(1) file-read-metadata /var", "sandbox-exec", 41398, "file-read-metadata", "/var")]
    [InlineData("2023-05-26 13:44:59.840002+0200  localhost kernel[0]: (Sandbox) Sandbox: touch(41575) deny(1) file-read-metadata /usr/bin/touch", "touch", 41575, "file-read-metadata", "/usr/bin/touch")]
    [InlineData("2023-05-26 13:44:59.840016+0200  localhost kernel[0]: (Sandbox) Sandbox: touch(41575) deny(1) file-read-data /usr/bin/touch", "touch", 41575, "file-read-data", "/usr/bin/touch")]
    [InlineData("2023-05-26 13:44:59.840028+0200  localhost kernel[0]: (Sandbox) Sandbox: touch(41575) deny(1) file-read-data /usr/bin", "touch", 41575, "file-read-data", "/usr/bin")]
    [InlineData("2023-05-26 13:44:59.840034+0200  localhost kernel[0]: (Sandbox) Sandbox: touch(41575) deny(1) file-read-metadata /usr/lib/dyld", "touch", 41575, "file-read-metadata", "/usr/lib/dyld")]
    [InlineData("2023-05-26 13:44:59.840050+0200  localhost kernel[0]: (Sandbox) Sandbox: touch(41575) deny(1) sysctl-read kern.bootargs", "touch", 41575, "sysctl-read", "kern.bootargs")]
    [InlineData("2023-05-26 13:44:59.840061+0200  localhost kernel[0]: (Sandbox) Sandbox: touch(41575) deny(1) file-read-data /", "touch", 41575, "file-read-data", "/")]
    public void Reads_syslog_style(string line, string process, int pid, string operation, string target)
    {
        var read = Read(line);
        var entry = Assert.Single(read.Entries);
        Assert.Equal((process, pid, operation, target), (entry.Report.Process, entry.Report.Pid, entry.Report.Operation, entry.Report.Target));
        Assert.NotNull(entry.Time);
    }

    [Fact]
    public void Reads_a_syslog_duplicate_summary_seconds_later() // 21
    {
        var report = Single("2023-05-26 13:42:52.701382+0200  localhost kernel[0]: (Sandbox) 5 duplicate reports for Sandbox: sandbox-exec(41398) deny(1) file-read-metadata /var");
        Assert.Equal(5, report.Duplicates);
        Assert.Equal("/var", report.Target);
    }

    [Theory]
    // 28–32: the default style with its leading columns cut by awk (NixOS/nixpkgs#345333).
    [InlineData("Error 0x0 0 0 kernel: (Sandbox) Sandbox: ollama-sandbox(4615) deny(1) file-read-data /System/Volumes/Preboot/Cryptexes/OS", "file-read-data", "/System/Volumes/Preboot/Cryptexes/OS", 0)]
    [InlineData("Error 0x0 0 0 kernel: (Sandbox) Sandbox: ollama-sandbox(4615) deny(1) file-read-metadata /System/Volumes/Preboot/Cryptexes/OS/System/Library/dyld/dyld_shared_cache_arm64e", "file-read-metadata", "/System/Volumes/Preboot/Cryptexes/OS/System/Library/dyld/dyld_shared_cache_arm64e", 0)]
    [InlineData("Error 0x0 0 0 kernel: (Sandbox) Sandbox: ollama-sandbox(4615) deny(1) file-read-data /Library/Preferences/Logging/com.apple.diagnosticd.filter.plist", "file-read-data", "/Library/Preferences/Logging/com.apple.diagnosticd.filter.plist", 0)]
    [InlineData("Error 0x0 0 0 kernel: (Sandbox) 1 duplicate report for Sandbox: ollama-sandbox(4615) deny(1) mach-lookup com.apple.diagnosticd", "mach-lookup", "com.apple.diagnosticd", 1)]
    [InlineData("Error 0x0 0 0 kernel: (Sandbox) Sandbox: ollama-sandbox(4615) deny(1) file-read-data /dev/autofs_nowait", "file-read-data", "/dev/autofs_nowait", 0)]
    public void Reads_the_default_style(string line, string operation, string target, long duplicates)
    {
        var report = Single(line);
        Assert.Equal(("ollama-sandbox", 4615, operation, target, duplicates), (report.Process, report.Pid, report.Operation, report.Target, report.Duplicates));
    }

    [Fact]
    public void Reads_the_full_default_style_row_with_its_time()
    {
        var read = Read(
            "Timestamp                       Thread     Type        Activity             PID    TTL  ",
            "2024-09-30 10:00:01.123456+0200 0x1a2b     Error       0x0                  0      0    kernel: (Sandbox) Sandbox: ollama-sandbox(4615) deny(1) mach-lookup com.apple.logd");
        var entry = Assert.Single(read.Entries);
        Assert.Equal("com.apple.logd", entry.Report.Target);
        Assert.Equal(new DateTimeOffset(2024, 9, 30, 8, 0, 1, TimeSpan.Zero).ToUnixTimeSeconds() + 0.123456, entry.Time!.Value, 5);
        Assert.Equal(1, read.Statistics.NoiseLines);
    }

    [Theory]
    // 43, 44: `log --style compact`.
    [InlineData("2026-08-19 16:06:12.959 E  kernel[0:21d5c] (Sandbox) 3 duplicate reports for Sandbox: assistantd(800) deny(1) iokit-open-user-client AppleKeyStoreUserClient", "assistantd", "iokit-open-user-client", "AppleKeyStoreUserClient", 3)]
    [InlineData("2026-08-19 16:07:01.452 E  kernel[0:2232b] (Sandbox) Sandbox: nc(7936) deny(1) network-outbound remote:*:443", "nc", "network-outbound", "remote:*:443", 0)]
    public void Reads_the_compact_style(string line, string process, string operation, string target, long duplicates)
    {
        var read = Read("Timestamp               Ty Process[PID:TID]", line);
        var entry = Assert.Single(read.Entries);
        Assert.Equal((process, operation, target, duplicates), (entry.Report.Process, entry.Report.Operation, entry.Report.Target, entry.Report.Duplicates));
        Assert.Null(entry.Time); // compact timestamps have no UTC offset
    }

    [Theory]
    // 45, 46: Console exports (iOS devices); 56–58: a localized Console export of (with report) allow lines.
    [InlineData("error\t10:37:14.650327-0500\tkernel\tSandbox: hello(2520) deny(1) file-map-executable /private/var/run/com.apple.security.cryptexd/mnt/com.example.cryptex.sYr3Iw/usr/bin/libclang_rt.ubsan_ios_dynamic.dylib", "hello", "Deny", "file-map-executable", 0)]
    [InlineData("error\t21:28:47.048403-0500\tkernel\tSandbox: MobileJarvisNative(9964) deny(1) sysctl-read kern.bootargs", "MobileJarvisNative", "Deny", "sysctl-read", 0)]
    [InlineData("默认\t20:38:24.172293+0800\tkernel\tSandbox: ContextStoreAgent(28911) allow file-read-data /Users/xt/LXT/code/trae/1107-model-eval/Nota4/Build/Nota4.app", "ContextStoreAgent", "Allow", "file-read-data", 0)]
    [InlineData("默认\t20:38:24.174019+0800\tkernel\t1 duplicate report for Sandbox: ContextStoreAgent(28911) allow file-read-data /Users/xt/LXT/code/trae/1107-model-eval/Nota4/Build/Nota4.app/Contents/MacOS/Nota4", "ContextStoreAgent", "Allow", "file-read-data", 1)]
    [InlineData("默认\t20:38:24.174024+0800\tkernel\tSandbox: ContextStoreAgent(28911) allow file-read-xattr /Users/xt/LXT/code/trae/1107-model-eval/Nota4/Build/Nota4.app/Contents/MacOS/Nota4", "ContextStoreAgent", "Allow", "file-read-xattr", 0)]
    public void Reads_console_exports(string line, string process, string verdictName, string operation, long duplicates)
    {
        var verdict = Enum.Parse<SandboxVerdict>(verdictName);
        var report = Single(line);
        Assert.Equal((process, verdict, operation, duplicates), (report.Process, report.Verdict, report.Operation, report.Duplicates));
    }

    [Theory]
    // 1, 13 (bare messages as the fixtures store them), 33 with the sender prefix, 54 from an Xcode build log.
    [InlineData("Sandbox: cat(15505) deny(1) file-read-data /private/etc/hosts", "cat", "file-read-data")]
    [InlineData("Sandbox: zsh(83736) deny(1) file-write-data /dev/dtracehelper", "zsh", "file-write-data")]
    [InlineData("(Sandbox) Sandbox: sandbox-exec(27256) deny(1) forbidden-sandbox-reinit", "sandbox-exec", "forbidden-sandbox-reinit")]
    [InlineData("error: Sandbox: cp(25322) deny(1) file-read-data /Users/daniel/Project/File.txt", "cp", "file-read-data")]
    [InlineData("1 duplicate report for Sandbox: rsync(92078) deny(1) file-read-data ...", "rsync", "file-read-data")]
    public void Reads_bare_report_lines(string line, string process, string operation)
    {
        var report = Single(line);
        Assert.Equal((process, operation), (report.Process, report.Operation));
    }

    [Theory]
    // 59, 60: modern System Policy lines; 61, 62: the OS X 10.11 ASL form inside a kernel line.
    [InlineData("kernel: System Policy: MetalTest(648) deny(1) iokit-open-user-client AppleParavirtDeviceUserClient", "MetalTest")]
    [InlineData("(Sandbox) System Policy: configd(342)      deny(1) iokit-open-service IOUSBHostInterface", "configd")]
    [InlineData("Apr  1 22:14:08 havorn kernel[0] <Notice>: Sandbox: htop(12748) System Policy: deny(1) mach-priv-task-port", "htop")]
    [InlineData("kernel[0] <Notice>: Sandbox: htop(51550) System Policy: allow(0) mach-priv-task-port", "htop")]
    public void Keeps_system_policy_lines_out_of_the_reports(string line, string process)
    {
        var read = Read(line);
        Assert.Empty(read.Entries);
        Assert.Equal(process, Assert.Single(read.Statistics.SystemPolicy).Report.Process);
    }

    [Fact]
    public void Counts_the_kernel_rate_limit_notice() // 63
    {
        var read = Read("Apr  1 22:14:08 havorn kernel[0] <Notice>: *** kernel exceeded 500 log message per second limit  -  remaining messages this second discarded ***");
        Assert.Empty(read.Entries);
        Assert.Equal(1, read.Statistics.RateLimitNotices);
    }

    [Theory]
    // 64, 65: legacy sandboxd lines are parsed (old system.log captures carry the same information).
    [InlineData("sandboxd[127]([6424]): CWSandbox(6424) deny mach-lookup com.apple.airportd", "CWSandbox", 6424, "com.apple.airportd")]
    [InlineData("11/06/23 05:32:37,982 sandboxd[122]: ([62287]) Chromium Helper(62287) deny mach-lookup com.apple.cfprefsd.daemon", "Chromium Helper", 62287, "com.apple.cfprefsd.daemon")]
    public void Reads_legacy_sandboxd_lines(string line, string process, int pid, string target)
    {
        var report = Single(line);
        Assert.True(report.IsLegacy);
        Assert.Equal((process, pid, "mach-lookup", target), (report.Process, report.Pid, report.Operation, report.Target));
    }

    [Fact]
    public void Keeps_legacy_system_policy_lines_apart() // 66
    {
        var read = Read("Apr  1 22:14:08 havorn sandboxd[150] ([12748]) <Notice>: htop(12748) System Policy: deny mach-priv-task-port");
        Assert.Empty(read.Entries);
        Assert.True(Assert.Single(read.Statistics.SystemPolicy).Report.IsLegacy);
    }

    [Fact]
    public void Counts_launchd_lookup_refusals_as_unrelated() // 67: launchd's echo of a mach-lookup denial
    {
        var read = Read("<Warning>: denied lookup: name = com.apple.diagnosticd, flags = 0x8, requestor = Brave Browser H[713], error = 159: Sandbox restriction");
        Assert.Empty(read.Entries);
        Assert.Equal(1, read.Statistics.Unrelated);
    }

    [Fact]
    public void Takes_the_next_physical_line_as_the_tag()
    {
        var read = Read(
            "2026-08-19 16:07:01.452 E  kernel[0:2232b] (Sandbox) Sandbox: nc(7936) deny(1) network-outbound remote:*:443",
            "sbx_k3j9x0q2m",
            "2026-08-19 16:07:01.453 E  kernel[0:2232b] (Sandbox) Sandbox: nc(7936) deny(1) file-read-data /private/etc/hosts");
        Assert.Equal(2, read.Entries.Count);
        Assert.Equal("sbx_k3j9x0q2m", read.Entries[0].Report.Tag);
        Assert.Null(read.Entries[1].Report.Tag);
    }

    [Fact]
    public void Continuations_of_other_records_are_not_tags()
    {
        var read = Read(
            "2023-05-26 13:42:44.136082+0200  localhost myapp[12]: a message",
            "that spans two lines",
            "2023-05-26 13:42:44.136100+0200  localhost kernel[0]: (Sandbox) Sandbox: cat(5) deny(1) file-read-data /x");
        Assert.Null(Assert.Single(read.Entries).Report.Tag);
        Assert.Equal(1, read.Statistics.Unrelated);
    }

    [Fact]
    public void Rejects_report_text_logged_by_another_process()
    {
        var read = Read("2023-05-26 13:42:44.136082+0200  localhost evil[77]: Sandbox: cat(5) deny(1) file-read-data /etc/shadow");
        Assert.Empty(read.Entries);
        Assert.Equal(1, read.Statistics.Unverified);
    }

    [Fact]
    public void Rejects_report_text_from_another_kernel_sender()
    {
        var read = Read("2023-05-26 13:42:44.136082+0200  localhost kernel[0]: (AppleMobileFileIntegrity) Sandbox: cat(5) deny(1) file-read-data /x");
        Assert.Empty(read.Entries);
        Assert.Equal(1, read.Statistics.Unverified);
    }

    [Fact]
    public void Skips_log_banners_headers_and_statistics()
    {
        var read = Read(
            "Filtering the log data using \"sender == \"Sandbox\"\"",
            "Skipping info and debug messages, pass --info and/or --debug to include.",
            "Timestamp                       Thread     Type        Activity             PID    TTL  ",
            "Error 0x0 0 0 kernel: (Sandbox) Sandbox: ollama-sandbox(4615) deny(1) file-read-data /dev/autofs_nowait",
            "--------------------------------------------------------------------------------------------------------------------",
            "Log      - Default:          0, Info:                0, Debug:             0, Error:          1, Fault:          0",
            "Activity - Create:           0, Transition:          0, Actions:           0");
        Assert.Single(read.Entries);
        Assert.Equal(6, read.Statistics.NoiseLines);
    }

    [Fact]
    public void A_line_of_no_known_shape_before_any_record_is_an_error()
    {
        var ex = Assert.Throws<EventFormatException>(() => Read("", "zsh(66592) deny(1) signal initproc signum:15")); // 53
        Assert.Equal((2, 1), (ex.Line, ex.Column));
        Assert.StartsWith("capture.log:2:1: not a sandbox report", ex.Message, StringComparison.Ordinal);
    }
}
