using System.Diagnostics;
using System.Runtime.Versioning;
using Sandboxer.Events;
using Sandboxer.Platforms.Linux.Tracing;

namespace Sandboxer.Platforms.Tests.Linux.Tracing;

/// <summary>Saved strace logs, recorded here with strace itself, read back into events.</summary>
[SupportedOSPlatform("linux")]
public sealed class StraceLogImporterTests : IDisposable
{
    private const string Script = "cd sub && cat ../in.txt > out.txt && sh -c 'ls -d .. > /dev/null' && mv out.txt moved.txt";
    private readonly TemporaryDirectory _directory = new();

    public StraceLogImporterTests()
    {
        Directory.CreateDirectory(_directory.File("sub"));
        File.WriteAllText(_directory.File("in.txt"), "x");
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_single_log_and_a_per_process_set_of_the_same_run_give_the_same_events()
    {
        var single = _directory.File("single.log");
        await Strace(["-f", "-o", single]);
        File.Delete(_directory.File("sub/moved.txt"));
        var prefix = _directory.File("per-pid");
        await Strace(["-ff", "-o", prefix]);
        var perProcessFiles = StraceLogImporter.PerProcessFiles(prefix);
        Assert.Equal(5, perProcessFiles.Count);

        var fromSingle = StraceLogImporter.ReadPath(single, new StraceImportOptions { WorkingDirectory = _directory.Path });
        var fromSet = StraceLogImporter.ReadPath(prefix, new StraceImportOptions { WorkingDirectory = _directory.Path });
        Assert.Equal(5, fromSingle.Processes);
        Assert.Equal(5, fromSet.Processes);
        Assert.Equal(Keys(fromSingle), Keys(fromSet));

        var moved = fromSet.Events.Single(e => e.Operation == "file-write-create" && e.Path == _directory.File("sub/moved.txt"));
        Assert.Equal(("mv", "/usr/bin/mv"), (moved.Process, moved.Executable));
        Assert.Contains(fromSet.Events, e => e is { Operation: "file-read-data", Process: "cat" } && e.Path == _directory.File("in.txt"));
        Assert.Contains(fromSet.Events, e => e is { Operation: "file-read-metadata", Process: "ls" } && e.Path == _directory.Path);
    }

    [Fact]
    public async Task Without_a_working_directory_the_log_teaches_it()
    {
        var single = _directory.File("single.log");
        await Strace(["-f", "-o", single]);
        using var stream = File.OpenRead(single);
        var events = new List<AccessEvent>();
        var counters = StraceLogImporter.Read(stream, events.Add, new StraceImportOptions { InspectExecutables = false });
        Assert.Contains(events, e => e is { Operation: "file-read-data", Process: "cat" } && e.Path == _directory.File("in.txt"));
        Assert.Equal(0, counters.UnknownLines);
    }

    [Fact]
    public void A_missing_log_is_reported_with_its_path()
    {
        var missing = _directory.File("nothing");
        var error = Assert.Throws<FileNotFoundException>(() => StraceLogImporter.ReadPath(missing));
        Assert.Equal($"{missing}: no such strace log (nor {missing}.PID files written by -ff)", error.Message);
    }

    private static HashSet<string> Keys(StraceImport import) =>
        [.. import.Events.Select(e => EventJson.Serialize(e with { Pid = 0, Ppid = e.Ppid is null ? null : 1, Count = 1 }))];

    private async Task Strace(string[] output)
    {
        var strace = StraceInvocation.Locate()!;
        var arguments = StraceInvocation.Arguments(strace, "unused").Skip(1).ToList();
        var outputAt = arguments.IndexOf("-o");
        arguments.RemoveRange(outputAt, 2);
        arguments.Remove("-f");
        arguments.InsertRange(0, output);
        arguments.AddRange(["sh", "-c", Script]);
        var info = new ProcessStartInfo(strace) { UseShellExecute = false, WorkingDirectory = _directory.Path };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, process.ExitCode);
    }
}
