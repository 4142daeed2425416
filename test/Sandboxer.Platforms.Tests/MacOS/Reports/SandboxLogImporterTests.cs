using Sandboxer.Events;
using Sandboxer.Platforms.MacOS.Reports;

namespace Sandboxer.Platforms.Tests.MacOS.Reports;

public sealed class SandboxLogImporterTests
{
    private static SandboxLogEntry Entry(string message, int line = 1) =>
        new(SandboxMessageParser.Parse(message).Report!, line, null);

    [Fact]
    public void Folds_duplicate_summaries_into_the_first_matching_report() // 4, 5 after their first report (12's service)
    {
        var events = SandboxReportAggregator.ToEvents(
        [
            Entry("Sandbox: imagent(544) deny(1) mach-lookup com.apple.contactsd.persistence"),
            Entry("Sandbox: imagent(544) deny(1) mach-lookup com.apple.AddressBook.ContactsAccountsService"),
            Entry("3 duplicate reports for Sandbox: imagent(544) deny(1) mach-lookup com.apple.contactsd.persistence"),
            Entry("7 duplicate reports for Sandbox: imagent(544) deny(1) mach-lookup com.apple.contactsd.persistence"),
        ]);
        Assert.Equal(2, events.Count);
        Assert.Equal(("com.apple.contactsd.persistence", 11L), (events[0].Name, events[0].Count));
        Assert.Equal(1, events[1].Count);
    }

    [Fact]
    public void Repeated_lines_add_up_but_different_pids_or_verdicts_do_not()
    {
        var events = SandboxReportAggregator.ToEvents(
        [
            Entry("Sandbox: cat(1) deny(1) file-read-data /x"),
            Entry("Sandbox: cat(1) deny(1) file-read-data /x"),
            Entry("Sandbox: cat(2) deny(1) file-read-data /x"),
            Entry("Sandbox: cat(1) allow file-read-data /x"),
        ]);
        Assert.Equal([2L, 1L, 1L], events.Select(e => e.Count));
        Assert.Equal(AccessResult.Ok, events[2].Result);
    }

    [Fact]
    public void A_summary_without_its_first_report_stands_alone() // 3
    {
        var events = SandboxReportAggregator.ToEvents([Entry("1 duplicate report for Sandbox: searchpartyuseragent(1156) deny(1) mach-lookup com.apple.contactsd.persistence")]);
        Assert.Equal(1, Assert.Single(events).Count);
    }

    [Fact]
    public void Attribution_keeps_the_tag_and_untagged_reports_of_tagged_processes()
    {
        var entries = new[]
        {
            Entry("Sandbox: node(100) deny(1) file-read-data /a\nsbx_run"),
            Entry("2 duplicate reports for Sandbox: node(100) deny(1) file-read-data /a"), // no tag on the summary
            Entry("Sandbox: node(100) allow file-read-data /b"), // (with report) allow: no tag
            Entry("Sandbox: sh(101) deny(1) file-write-data /c\nsbx_run"), // a descendant
            Entry("Sandbox: imagent(544) deny(1) mach-lookup com.apple.contactsd.persistence"), // a stranger
            Entry("Sandbox: cat(102) deny(1) file-read-data /sentinel\nsbx_run_fence"), // another tag
            Entry("Sandbox: root(99) deny(1) file-read-data /d"), // the root pid, known to the driver
        };
        var selected = SandboxReportAttribution.Select(entries, "sbx_run", [99]);
        Assert.Equal([100, 100, 100, 101, 99], selected.Select(e => e.Report.Pid));
        Assert.Empty(SandboxReportAttribution.Select(entries[4..5], "sbx_run"));
    }

    [Fact]
    public void Imports_with_a_tag_filter_and_folded_counts()
    {
        var capture = string.Join('\n',
            NdjsonSandboxLogReaderTests.Banner,
            Ndjson("Sandbox: cat(15528) deny(1) file-read-data \\/private\\/etc\\/hosts\\nsbx_abc"),
            Ndjson("3 duplicate reports for Sandbox: cat(15528) deny(1) file-read-data \\/private\\/etc\\/hosts"),
            Ndjson("3 duplicate reports for Sandbox: imagent(544) deny(1) mach-lookup com.apple.contactsd.persistence"),
            "",
            NdjsonSandboxLogReaderTests.Trailer);
        var read = SandboxLogImporter.Read(new StringReader(capture), "c.ndjson", SandboxLogFormat.Ndjson);
        var all = SandboxLogImporter.ToEvents(read);
        Assert.Equal(2, all.Count);
        var tagged = Assert.Single(SandboxLogImporter.ToEvents(read, "sbx_abc"));
        Assert.Equal(4, tagged.Count);
        Assert.Equal(
            """{"op":"file-read-data","path":"/private/etc/hosts","pid":15528,"process":"cat","result":"denied","count":4,"tag":"sbx_abc"}""",
            EventJson.Serialize(tagged with { Time = null }));
    }

    [Theory]
    [InlineData("Ndjson", "Filtering the log data using \"x\"", "{\"a\":1}")]
    [InlineData("Ndjson", "", "  {\"a\":1}")]
    [InlineData("Text", "Filtering the log data using \"x\"", "Timestamp   Ty Process[PID:TID]")]
    [InlineData("Text", "Sandbox: cat(1) deny(1) file-read-data /x", "")]
    public void Detects_the_format_from_the_first_lines(string expectedName, string first, string second)
    {
        var expected = Enum.Parse<SandboxLogFormat>(expectedName);
        Assert.Equal(expected, SandboxLogImporter.Detect([first, second]));
    }

    internal static string Ndjson(string escapedMessage) =>
        "{\"eventType\":\"logEvent\",\"messageType\":\"Error\",\"processID\":0,\"processImagePath\":\"\\/kernel\","
        + "\"senderImagePath\":\"\\/System\\/Library\\/Extensions\\/Sandbox.kext\\/Contents\\/MacOS\\/Sandbox\","
        + "\"timestamp\":\"2026-09-13 10:08:38.776905-0700\",\"eventMessage\":\"" + escapedMessage + "\"}";
}
