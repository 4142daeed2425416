using CsCheck;
using Sandboxer.Events;
using Sandboxer.Platforms.MacOS.Reports;

namespace Sandboxer.Platforms.Tests.MacOS.Reports;

/// <summary>Properties of the report grammar over generated reports, and fuzzing of the log readers.</summary>
public sealed class SandboxReportPropertyTests
{
    private const string NameCharacters = "abcXYZ019 ._-()[]éü";
    private const string TargetCharacters = "abc/ .\"'()[]*:-_019\\é\t";

    private static readonly Gen<string> ProcessName =
        Gen.Char[NameCharacters].Array[1, 24].Select(c => new string(c)).Where(n => !n.EndsWith(' ') && !n.Contains(") deny", StringComparison.Ordinal) && !n.Contains(") allow", StringComparison.Ordinal));

    private static readonly Gen<string> Operation = Gen.OneOf<string>("file-read-data", "file-write-create", "process-exec*", "mach-lookup", "network-outbound", "sysctl-read", "signal");

    private static readonly Gen<string?> Target = Gen.Frequency(
        (1, Gen.Const((string?)null)),
        (5, Gen.Char[TargetCharacters].Array[1, 60].Select(c => (string?)new string(c))));

    [Fact]
    public void Every_well_formed_report_parses_back_to_what_was_written()
    {
        Gen.Select(ProcessName, Gen.Int[0, 99999], Gen.Bool, Operation, Target, Gen.Int[0, 50], Gen.OneOf<string?>(null, "sbx_0a1b2c3d4e5f"))
            .Sample(
                (process, pid, deny, operation, target, duplicates, tag) =>
                {
                    var text = (duplicates > 0 ? $"{duplicates} duplicate report{(duplicates == 1 ? "" : "s")} for " : "")
                        + $"Sandbox: {process}({pid}) {(deny ? "deny(1)" : "allow")} {operation}{(target is null ? "" : " " + target)}"
                        + (tag is null ? "" : "\n" + tag);
                    var parsed = SandboxMessageParser.Parse(text);
                    Assert.Equal(KernelMessageKind.Report, parsed.Kind);
                    var report = parsed.Report!;
                    Assert.Equal(
                        (process, pid, deny ? SandboxVerdict.Deny : SandboxVerdict.Allow, operation, string.IsNullOrEmpty(target) ? null : target, tag, (long)duplicates),
                        (report.Process, report.Pid, report.Verdict, report.Operation, report.Target, report.Tag, report.Duplicates));
                },
                iter: 3000);
    }

    [Fact]
    public void Any_message_is_classified_without_throwing() =>
        Gen.String.Sample(text => Assert.True(Enum.IsDefined(SandboxMessageParser.Parse(text).Kind)), iter: 3000);

    [Fact]
    public void Arbitrary_ndjson_and_text_input_is_read_or_rejected_with_a_location()
    {
        var lines = Gen.OneOf<string>(
            Gen.String,
            Gen.OneOf<string>(
                "Filtering the log data using \"x\"",
                """{"count":1,"finished":1}""",
                """{"eventMessage":"Sandbox: cat(1) deny(1) file-read-data \/x","processID":0,"senderImagePath":"\/S\/Sandbox"}""",
                "2023-05-26 13:42:44.136082+0200  localhost kernel[0]: (Sandbox) Sandbox: cat(5) deny(1) file-read-data /x",
                "Sandbox: cat(1) deny(1) file-read-data /x",
                "{",
                ""));
        lines.Array[0, 12].Sample(
            input =>
            {
                var text = string.Join('\n', input);
                foreach (var format in new[] { SandboxLogFormat.Ndjson, SandboxLogFormat.Text })
                {
                    try
                    {
                        var read = SandboxLogImporter.Read(new StringReader(text), "fuzz.log", format);
                        Assert.All(SandboxLogImporter.ToEvents(read), e => Assert.NotNull(EventJson.Serialize(e)));
                    }
                    catch (EventFormatException ex)
                    {
                        Assert.StartsWith("fuzz.log:", ex.Message, StringComparison.Ordinal);
                        Assert.InRange(ex.Line, 1, input.Length + 1);
                        Assert.True(ex.Column >= 1);
                    }
                }
            },
            iter: 1500);
    }
}
