using System.Globalization;
using Sandboxer.Events;

namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>
/// Turns saved strace output into access events: a single log written with <c>-f -o FILE</c> (pid-prefixed lines)
/// or <c>-o FILE</c> without <c>-f</c>, or the per-process set written with <c>-ff -o PREFIX</c>
/// (<c>PREFIX.PID</c> files). Logs traced with <c>-y</c> resolve best; without it, fd-relative paths stay unresolved
/// and are counted. Memory is bounded by the number of distinct accesses, not by the size of the log.
/// </summary>
internal static class StraceLogImporter
{
    /// <summary>Reads one log stream and returns its aggregated events.</summary>
    public static StraceImport Read(Stream stream, StraceImportOptions? options = null)
    {
        var aggregator = new EventAggregator();
        var processor = CreateProcessor(options, aggregator.Add);
        StraceLineReader.ReadAll(stream, processor);
        processor.Complete();
        return new StraceImport(aggregator.Events, processor.Counters, processor.Processes.ProcessesSeen);
    }

    /// <summary>Reads one log stream, handing every (not aggregated) event to <paramref name="sink"/>.</summary>
    public static TraceCounters Read(Stream stream, Action<AccessEvent> sink, StraceImportOptions? options = null)
    {
        var processor = CreateProcessor(options, sink);
        StraceLineReader.ReadAll(stream, processor);
        processor.Complete();
        return processor.Counters;
    }

    /// <summary>
    /// Reads <paramref name="path"/>: a log file, or the prefix of a <c>-ff</c> set (<c>PATH.1234</c>, <c>PATH.1240</c>, …).
    /// Throws <see cref="FileNotFoundException"/> when neither exists.
    /// </summary>
    public static StraceImport ReadPath(string path, StraceImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (File.Exists(path))
        {
            using var stream = File.OpenRead(path);
            return Read(stream, options);
        }

        var files = PerProcessFiles(path);
        if (files.Count == 0)
        {
            throw new FileNotFoundException($"{path}: no such strace log (nor {path}.PID files written by -ff)", path);
        }

        return ReadPerProcessFiles(files, options);
    }

    /// <summary>
    /// Reads a <c>-ff</c> set, pid → file. Lines carry no pid (it is the file's suffix) and no call is split. A
    /// child's file is read right where its parent's clone returns, so every child starts from its parent's state
    /// at the fork (working directory, image), depth first from the processes no other file created.
    /// </summary>
    public static StraceImport ReadPerProcessFiles(IReadOnlyDictionary<int, string> files, StraceImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        var aggregator = new EventAggregator();
        var created = new Queue<int>();
        var processor = CreateProcessor(options, aggregator.Add);
        processor.ProcessCreated = child => created.Enqueue(child);
        var children = CreatedProcesses(files);
        var visited = new HashSet<int>();
        foreach (var root in files.Keys.Where(pid => !children.Contains(pid)).Order().Concat(files.Keys.Order()))
        {
            if (!visited.Add(root))
            {
                continue;
            }

            var stack = new Stack<(StraceLineReader Reader, Stream Stream, int Pid)>();
            stack.Push(Open(files[root], root));
            while (stack.Count > 0)
            {
                var (reader, stream, pid) = stack.Peek();
                if (!reader.TryReadLine(out var line))
                {
                    processor.Counters.OversizedLines += reader.OversizedLines;
                    stream.Dispose();
                    stack.Pop();
                    continue;
                }

                processor.ProcessLine(line, pid);
                while (created.TryDequeue(out var child))
                {
                    if (files.TryGetValue(child, out var file) && visited.Add(child))
                    {
                        stack.Push(Open(file, child));
                    }
                }
            }
        }

        processor.Complete();
        return new StraceImport(aggregator.Events, processor.Counters, processor.Processes.ProcessesSeen);
    }

    /// <summary>The <c>PREFIX.PID</c> files next to <paramref name="prefix"/>.</summary>
    public static Dictionary<int, string> PerProcessFiles(string prefix)
    {
        var full = Path.GetFullPath(prefix);
        var directory = Path.GetDirectoryName(full) ?? "/";
        var name = Path.GetFileName(full) + ".";
        var files = new Dictionary<int, string>();
        if (!Directory.Exists(directory))
        {
            return files;
        }

        foreach (var file in Directory.EnumerateFiles(directory, name + "*"))
        {
            if (int.TryParse(Path.GetFileName(file).AsSpan(name.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                files[pid] = file;
            }
        }

        return files;
    }

    private static StraceTraceProcessor CreateProcessor(StraceImportOptions? options, Action<AccessEvent> sink)
    {
        options ??= new StraceImportOptions();
        return new StraceTraceProcessor(
            new StraceProcessorOptions
            {
                WorkingDirectory = options.WorkingDirectory,
                Inspector = options.InspectExecutables ? new FileSystemExecutableInspector() : null,
            },
            sink);
    }

    private static (StraceLineReader, Stream, int) Open(string file, int pid)
    {
        var stream = File.OpenRead(file);
        return (new StraceLineReader(stream, 4096), stream, pid);
    }

    /// <summary>Pids that some file's clone, fork or vfork returned: not roots.</summary>
    private static HashSet<int> CreatedProcesses(IReadOnlyDictionary<int, string> files)
    {
        var created = new HashSet<int>();
        foreach (var file in files.Values)
        {
            using var stream = File.OpenRead(file);
            var reader = new StraceLineReader(stream, 4096);
            while (reader.TryReadLine(out var line))
            {
                var parsed = StraceLineParser.Parse(line);
                if (parsed.Kind == StraceLineKind.Call
                    && SyscallNames.Find(parsed.Name).Kind is Syscall.Fork or Syscall.VFork or Syscall.Clone or Syscall.Clone3)
                {
                    var result = SyscallResult.Parse(parsed.Result);
                    if (result.IsSuccess && result.Value > 0)
                    {
                        created.Add((int)result.Value);
                    }
                }
            }
        }

        return created;
    }
}
