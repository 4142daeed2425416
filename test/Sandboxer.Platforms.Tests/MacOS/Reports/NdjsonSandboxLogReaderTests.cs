using Sandboxer.Events;
using Sandboxer.Platforms.MacOS.Reports;

namespace Sandboxer.Platforms.Tests.MacOS.Reports;

public sealed class NdjsonSandboxLogReaderTests
{
    /// <summary>The whole record of docs/macos-runtime.md §2.2, verbatim (macOS 14.2 arm64 capture).</summary>
    internal const string Record = """{"timezoneName":"","messageType":"Error","eventType":"logEvent","source":null,"formatString":"%s","userID":0,"activityIdentifier":0,"subsystem":"","category":"","threadID":392706,"senderImageUUID":"17CFD554-F412-3152-AEB1-27E9E3CF96BE","backtrace":{"frames":[{"imageOffset":148280,"imageUUID":"17CFD554-F412-3152-AEB1-27E9E3CF96BE"}]},"bootUUID":"","processImagePath":"\/kernel","senderImagePath":"\/System\/Library\/Extensions\/Sandbox.kext\/Contents\/MacOS\/Sandbox","timestamp":"2026-09-13 10:08:38.776905-0700","machTimestamp":17943975177831,"eventMessage":"Sandbox: cat(15505) deny(1) file-read-data \/private\/etc\/hosts","processImageUUID":"E245D804-1FA3-31E2-90BC-B4DF75B2129E","traceID":603460085485572,"processID":0,"senderProgramCounter":148280,"parentActivityIdentifier":0}""";

    /// <summary>Appendix A 77: the banner `log` prints before the first record.</summary>
    internal const string Banner = "Filtering the log data using \"sender == \"Sandbox\"\"";

    /// <summary>Appendix A 78: the trailer printed when the stream stops.</summary>
    internal const string Trailer = """{"count":32,"finished":1}""";

    private static SandboxLogRead Read(params string[] lines) =>
        NdjsonSandboxLogReader.Read(new StringReader(string.Join('\n', lines) + "\n"), "capture.ndjson");

    [Fact]
    public void Reads_the_verbatim_kernel_record()
    {
        var read = Read(Record);
        var entry = Assert.Single(read.Entries);
        Assert.Equal(("cat", 15505, "file-read-data", "/private/etc/hosts"), (entry.Report.Process, entry.Report.Pid, entry.Report.Operation, entry.Report.Target));
        Assert.Equal(1, entry.Line);
        // 2026-09-13 10:08:38.776905-0700 = 17:08:38.776905 UTC.
        Assert.Equal(new DateTimeOffset(2026, 9, 13, 17, 8, 38, TimeSpan.Zero).ToUnixTimeSeconds() + 0.776905, entry.Time!.Value, 5);
    }

    [Fact]
    public void Reads_the_tag_after_a_json_escaped_newline() // 2
    {
        var tagged = Record.Replace(
            "\"eventMessage\":\"Sandbox: cat(15505) deny(1) file-read-data \\/private\\/etc\\/hosts\"",
            "\"eventMessage\":\"Sandbox: cat(15528) deny(1) file-read-data \\/private\\/etc\\/hosts\\nCMD64_Y2F0IC9ldGMvaG9zdHMgfCBoZWFkIC0x_END__k3j9x0q2m_SBX\"",
            StringComparison.Ordinal);
        Assert.NotEqual(Record, tagged);
        var entry = Assert.Single(Read(tagged).Entries);
        Assert.Equal("CMD64_Y2F0IC9ldGMvaG9zdHMgfCBoZWFkIC0x_END__k3j9x0q2m_SBX", entry.Report.Tag);
        Assert.Equal("/private/etc/hosts", entry.Report.Target);
    }

    [Fact]
    public void Skips_banner_blank_line_and_trailer_and_keeps_the_count()
    {
        var read = Read(Banner, Record, "", Trailer);
        Assert.Single(read.Entries);
        Assert.Equal(3, read.Statistics.NoiseLines);
        Assert.Equal(32, read.Statistics.StreamCount);
        Assert.Equal(1, read.Statistics.Records);
    }

    [Fact]
    public void Rejects_records_not_written_by_the_kernel_as_forged()
    {
        var forged = Record.Replace("\"processID\":0", "\"processID\":4242", StringComparison.Ordinal);
        var read = Read(forged);
        Assert.Empty(read.Entries);
        Assert.Equal(1, read.Statistics.Unverified);
    }

    [Fact]
    public void Rejects_records_from_another_sender()
    {
        var other = Record.Replace("Sandbox.kext\\/Contents\\/MacOS\\/Sandbox\"", "Foo.kext\\/Contents\\/MacOS\\/Foo\"", StringComparison.Ordinal);
        Assert.NotEqual(Record, other);
        var read = Read(other);
        Assert.Empty(read.Entries);
        Assert.Equal(1, read.Statistics.Unverified);
    }

    [Fact]
    public void Counts_other_records_as_unrelated()
    {
        var coreaudio = """{"eventType":"logEvent","processID":301,"senderImagePath":"\/usr\/lib\/libAudio.dylib","subsystem":"com.apple.coreaudio","category":"ac","eventMessage":"started","userID":501}""";
        var activity = """{"eventType":"activityCreateEvent","processID":0}""";
        var read = Read(coreaudio, activity);
        Assert.Empty(read.Entries);
        Assert.Equal(2, read.Statistics.Unrelated);
    }

    [Fact]
    public void Keeps_system_policy_reports_apart()
    {
        var tcc = Record.Replace("Sandbox: cat(15505) deny(1) file-read-data \\/private\\/etc\\/hosts", "System Policy: eslogger(14156) deny(1) system-privilege 1016", StringComparison.Ordinal);
        var read = Read(tcc);
        Assert.Empty(read.Entries);
        var policy = Assert.Single(read.Statistics.SystemPolicy);
        Assert.Equal("eslogger", policy.Report.Process);
    }

    [Fact]
    public void Keeps_unrecognized_sandbox_messages_for_the_user()
    {
        var odd = Record.Replace("Sandbox: cat(15505) deny(1) file-read-data \\/private\\/etc\\/hosts", "Sandbox: profile compilation took 3ms", StringComparison.Ordinal);
        var read = Read(odd);
        var message = Assert.Single(read.Statistics.Unrecognized);
        Assert.Equal("Sandbox: profile compilation took 3ms", message.Message);
    }

    [Fact]
    public void Malformed_json_is_an_error_with_line_and_column()
    {
        var ex = Assert.Throws<EventFormatException>(() => Read(Banner, Record, """{"eventMessage": oops}"""));
        Assert.Equal(3, ex.Line);
        Assert.Equal(18, ex.Column);
        Assert.StartsWith("capture.ndjson:3:18: malformed JSON log record", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_where_a_record_belongs_is_an_error()
    {
        var ex = Assert.Throws<EventFormatException>(() => Read(Record, "  Sandbox: cat(1) deny(1) file-read-data /x"));
        Assert.Equal((2, 3), (ex.Line, ex.Column));
    }

    [Fact]
    public void A_record_without_a_message_is_an_error()
    {
        var ex = Assert.Throws<EventFormatException>(() => Read("""{"eventType":"logEvent","processID":0}"""));
        Assert.Contains("eventMessage", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_json_value_that_is_not_an_object_is_an_error()
    {
        Assert.Throws<EventFormatException>(() => Read("[1,2]"));
    }
}
