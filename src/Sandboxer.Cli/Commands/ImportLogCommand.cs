using System.CommandLine;
using System.Globalization;
using System.Text;
using Sandboxer.Cli.IO;
using Sandboxer.Cli.Rendering;
using Sandboxer.Events;
using Sandboxer.Platforms.Linux.Tracing;
using Sandboxer.Platforms.MacOS.Reports;
using Sandboxer.Sbpl.Text;

namespace Sandboxer.Cli.Commands;

/// <summary>
/// <c>sandboxer import-log FILE [--format macos-ndjson|macos-syslog|strace] [--tag TAG] [-o FILE] [--force]</c>: turns
/// a captured macOS sandbox log or a saved strace log into events (JSON Lines, docs/cli.md). Without
/// <c>--format</c> the format is detected from the first lines. With <c>--tag</c> (macOS logs) only the tagged run's
/// reports are kept: those carrying the tag and untagged ones (duplicate summaries, <c>(with report)</c> allows)
/// from processes that reported the tag. What is not an event (System Policy reports, records not written by the
/// kernel, rate-limit notices; strace lines not understood) is counted on stderr.
/// </summary>
internal static class ImportLogCommand
{
    private const string NdjsonFormat = LogFormatDetector.MacOSNdjson;
    private const string TextFormat = LogFormatDetector.MacOSText;
    private const string StraceFormat = LogFormatDetector.Strace;

    public static Command Create()
    {
        var file = new Argument<string>("FILE")
        {
            Description = "The captured log: `/usr/bin/log stream --style ndjson --predicate 'sender == \"Sandbox\"'` output, a text-style "
                + "log, or an strace log (`strace -f -o FILE`, or the PREFIX of an `-ff -o PREFIX` set).",
        };
        var format = new Option<string?>("--format")
        {
            Description = "macos-ndjson: `log --style ndjson` output; macos-syslog: any text style (syslog, compact, default, "
                + "Console export, bare `Sandbox:` lines); strace: `strace -f` output. Detected from the content when omitted.",
            HelpName = "FORMAT",
        };
        format.AcceptOnlyFromAmong(NdjsonFormat, TextFormat, StraceFormat);
        var tag = new Option<string?>("--tag")
        {
            Description = "Keep only the run tagged TAG by `(with message \"TAG\")`: its tagged reports and the untagged reports of its processes.",
            HelpName = "TAG",
        };
        var output = new Option<string?>("--output", "-o") { Description = "Write the events to FILE (atomically) instead of stdout.", HelpName = "FILE" };
        var force = new Option<bool>("--force") { Description = "Overwrite the --output file if it exists." };
        var command = new Command("import-log", "Turn a captured macOS sandbox log or an strace log into events (JSON Lines).")
        {
            file,
            format,
            tag,
            output,
            force,
        };
        command.SetAction(parseResult => Run(
            parseResult.GetRequiredValue(file),
            parseResult.GetValue(format),
            parseResult.GetValue(tag),
            parseResult.GetValue(output),
            parseResult.GetValue(force),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(string file, string? format, string? tag, string? output, bool force, TextWriter stdout, TextWriter stderr)
    {
        var path = Path.GetFullPath(file);
        var isStraceSet = format == StraceFormat && !File.Exists(path) && StraceLogImporter.PerProcessFiles(path).Count > 0;
        if (!File.Exists(path) && !isStraceSet)
        {
            stderr.WriteLine($"sandboxer: {path}: no such file");
            return ExitCodes.Usage;
        }

        if (tag is { Length: 0 })
        {
            stderr.WriteLine("sandboxer: --tag must not be empty");
            return ExitCodes.Usage;
        }

        format ??= LogFormatDetector.Detect(File.ReadLines(path).Take(64));
        if (format == StraceFormat)
        {
            if (tag is not null)
            {
                stderr.WriteLine("sandboxer: --tag selects a macOS sandbox run; strace logs carry no tags");
                return ExitCodes.Usage;
            }

            return ImportStrace(path, output, force, stdout, stderr);
        }

        SandboxLogRead read;
        try
        {
            using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            read = SandboxLogImporter.Read(reader, path, format == NdjsonFormat ? SandboxLogFormat.Ndjson : SandboxLogFormat.Text);
        }
        catch (EventFormatException ex)
        {
            DiagnosticPrinter.Print(stderr, ex.ToDiagnostic(), name => name == path ? SourceText.FromFile(path) : null);
            return ExitCodes.Usage;
        }
        catch (IOException ex)
        {
            stderr.WriteLine($"sandboxer: {path}: {ex.Message}");
            return ExitCodes.Usage;
        }

        var events = SandboxLogImporter.ToEvents(read, tag);
        if (!WriteEvents(events, output, force, stdout, stderr))
        {
            return ExitCodes.Usage;
        }

        WriteSummary(stderr, path, read, events.Count);
        return ExitCodes.Success;
    }

    /// <summary>
    /// A saved strace log, read by the Linux backend's importer. Executables are not inspected on this machine: the
    /// log may come from another one, and the events should depend on the file alone.
    /// </summary>
    private static int ImportStrace(string path, string? output, bool force, TextWriter stdout, TextWriter stderr)
    {
        StraceImport import;
        try
        {
            import = StraceLogImporter.ReadPath(path, new StraceImportOptions { InspectExecutables = false });
        }
        catch (IOException ex)
        {
            stderr.WriteLine($"sandboxer: {ex.Message}");
            return ExitCodes.Usage;
        }

        if (!WriteEvents(import.Events, output, force, stdout, stderr))
        {
            return ExitCodes.Usage;
        }

        var counters = import.Counters;
        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"import-log: {Plural(import.Events.Count, "event")} from {Plural(counters.Calls, "system call")} of {Plural(import.Processes, "process", "processes")}");
        if (counters.UnknownLines > 0)
        {
            summary += "; " + Plural(counters.UnknownLines, "line") + " not understood";
        }

        if (counters.UnresolvedPaths > 0)
        {
            summary += "; " + Plural(counters.UnresolvedPaths, "path") + " could not be resolved (trace with -y)";
        }

        stderr.WriteLine(summary);
        return ExitCodes.Success;
    }

    private static bool WriteEvents(IReadOnlyList<AccessEvent> events, string? output, bool force, TextWriter stdout, TextWriter stderr)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        EventJson.WriteAll(text, events);
        if (output is null)
        {
            stdout.Write(text.ToString());
            return true;
        }

        try
        {
            AtomicFile.WriteAllText(output, text.ToString(), overwrite: force);
            return true;
        }
        catch (FileExistsException ex)
        {
            stderr.WriteLine("sandboxer: " + ex.Message);
            return false;
        }
    }

    private static void WriteSummary(TextWriter stderr, string path, SandboxLogRead read, int eventCount)
    {
        var statistics = read.Statistics;
        var parts = new List<string>();
        if (statistics.SystemPolicy.Count > 0)
        {
            parts.Add(Plural(statistics.SystemPolicy.Count, "System Policy (TCC/platform) report") + " excluded: no profile rule can change them");
        }

        if (statistics.Unverified > 0)
        {
            parts.Add(Plural(statistics.Unverified, "report-like record") + " not written by the kernel's Sandbox extension rejected");
        }

        if (statistics.RateLimitNotices > 0)
        {
            parts.Add(Plural(statistics.RateLimitNotices, "kernel rate-limit notice") + ": reports were discarded, the capture is incomplete");
        }

        stderr.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"import-log: {Plural(eventCount, "event")} from {Plural(read.Entries.Count, "report")}{(parts.Count > 0 ? "; " + string.Join("; ", parts) : string.Empty)}"));
        foreach (var message in statistics.Unrecognized.Take(5))
        {
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{path}:{message.Line}:1: warning: sandbox message not understood: {FirstLine(message.Message)}"));
        }

        if (statistics.Unrecognized.Count > 5)
        {
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"import-log: {statistics.Unrecognized.Count - 5} more sandbox messages not understood"));
        }
    }

    private static string FirstLine(string text)
    {
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? text : text[..newline];
    }

    private static string Plural(long count, string noun, string? plural = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? noun : plural ?? noun + "s")}");
}
