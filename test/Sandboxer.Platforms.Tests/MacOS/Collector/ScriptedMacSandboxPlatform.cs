using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Sandboxer.Platforms.MacOS.Collector;
using Sandboxer.Platforms.MacOS.LongRunning;

namespace Sandboxer.Platforms.Tests.MacOS.Collector;

/// <summary>
/// A scripted stand-in for the Mac, built from recorded captures (docs/macos-runtime.md Appendix A): sentinel runs
/// produce the tagged <c>cat</c> denial a real kernel writes, the target run is answered by a scenario function,
/// and every report reaches the log stream as the kernel's NDJSON record. Delivery can be made lossy (drop a
/// message), foreign processes' denials are mixed in, late reports arrive after the fence, <c>log</c> can refuse
/// to run, and a nested sandbox makes every sandbox-exec fail with <c>sandbox_apply</c>.
/// </summary>
#pragma warning disable CA1001 // The log stream is handed to the collector, which disposes it.
internal sealed partial class ScriptedMacSandboxPlatform(Func<ScriptedRun, ScriptedResponse> scenario) : IMacSandboxPlatform
{
    public const string TemporaryDirectory = "/private/var/folders/xx/yy/T";
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);
    private readonly List<string> _pendingLate = [];
    private readonly List<string> _pendingAfterStop = [];
    private ScriptedLogStream? _stream;
    private int _nextPid = 41000;
#pragma warning restore CA1001

    /// <summary>Messages for which this returns true never reach the stream (lossy reporting).</summary>
    public Func<string, bool> Drop { get; init; } = _ => false;

    /// <summary>Other processes' denials, delivered when the stream starts and again after each run.</summary>
    public IReadOnlyList<string> ForeignReports { get; init; } = [];

    /// <summary>True when the caller itself is sandboxed: sandbox-exec cannot apply any profile.</summary>
    public bool Nested { get; init; }

    /// <summary>When set, <c>log stream</c> prints this on stderr and exits at once (e.g. <c>log: Cannot run while sandboxed</c>).</summary>
    public string? LogFailure { get; init; }

    /// <summary>
    /// Where <c>execvp</c> finds a program: by default an absolute path is itself, a relative one is under the
    /// working directory, and a bare name is in <c>/usr/bin</c>.
    /// </summary>
    public Func<string, string, string?> Locate { get; init; } = (program, workingDirectory) =>
        program.StartsWith('/') ? program : program.Contains('/', StringComparison.Ordinal) ? workingDirectory + "/" + program : "/usr/bin/" + program;

    /// <summary>How <c>/bin/sh -c COMMAND</c> (a long-running target's exercise) ends: by default it succeeds, printing nothing.</summary>
    public Func<string, ScriptedResponse> Exercise { get; init; } = _ => ScriptedResponse.Exit(0);

    /// <summary>Signals the tool sent to supervised runs (pid, signal), in order: what the real platform's kill(2) would do.</summary>
    public List<(int Pid, int Signal)> Signals { get; } = [];

    /// <summary>The long-running target being supervised now, if any (answers lsof).</summary>
    private ScriptedProcess? _supervised;

    /// <summary>Every command run, in order.</summary>
    public List<IReadOnlyList<string>> Commands { get; } = [];

    /// <summary>The scenario's answer for the last target run.</summary>
    public ScriptedResponse? LastResponse { get; private set; }

    /// <summary>The log stream's command line.</summary>
    public IReadOnlyList<string>? LogStreamCommand { get; private set; }

    /// <summary>Temporary files that exist now.</summary>
    public IReadOnlyCollection<string> Files => _files.Keys;

    /// <summary>Profiles passed with -f, as their text was when the target ran.</summary>
    public List<string> ExecutedProfiles { get; } = [];

    /// <summary>The working directory of each command, in order.</summary>
    public List<string?> WorkingDirectories { get; } = [];

    /// <summary>The environment variables each command was given, in order.</summary>
    public List<IReadOnlyDictionary<string, string>?> Environments { get; } = [];

    /// <summary>The standard-stream mode of each command, in order.</summary>
    public List<MacStdio> StdioModes { get; } = [];

    public Task<MacProcessResult> RunAsync(
        IReadOnlyList<string> argv, string? workingDirectory, IReadOnlyDictionary<string, string>? environment, MacStdio stdio, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Commands.Add(argv);
        WorkingDirectories.Add(workingDirectory);
        Environments.Add(environment);
        StdioModes.Add(stdio);
        var pid = _nextPid;
        _nextPid += 10; // room for a target's children (the scenario's pid + 1, + 2, …), as a real machine's pids spread
        if (Nested)
        {
            Deliver($"Sandbox: sandbox-exec({pid}) deny(1) forbidden-sandbox-reinit");
            return Task.FromResult(new MacProcessResult(pid, 71, string.Empty, "sandbox-exec: sandbox_apply: Operation not permitted\n"));
        }

        if (argv is ["/usr/sbin/lsof", ..])
        {
            var listing = _supervised?.Check() ?? string.Empty;
            return Task.FromResult(new MacProcessResult(pid, listing.Length == 0 ? 1 : 0, listing, string.Empty));
        }

        if (argv is ["/bin/sh", "-c", var exercise])
        {
            var ran = Exercise(exercise);
            return Task.FromResult(new MacProcessResult(pid, ran.ExitCode, ran.Stdout, ran.Stderr, TimedOut: ran.ExitCode == 143));
        }

        if (argv is [_, "-p", "(version 1)(allow default)", "/usr/bin/true"])
        {
            return Task.FromResult(new MacProcessResult(pid, 0, string.Empty, string.Empty));
        }

        if (argv is [_, "-p", var sentinelProfile, "/bin/cat", var file])
        {
            var tag = TagOf(sentinelProfile);
            Deliver($"Sandbox: cat({pid}) deny(1) file-read-data {file}\n{tag}");
            if (tag!.EndsWith("_fence", StringComparison.Ordinal))
            {
                foreach (var late in _pendingLate)
                {
                    Deliver(late);
                }

                _pendingLate.Clear();
            }

            return Task.FromResult(new MacProcessResult(pid, 1, string.Empty, $"cat: {file}: Operation not permitted\n"));
        }

        var profile = argv is [_, "-f", var path, ..] ? _files[path] : string.Empty;
        ExecutedProfiles.Add(profile);
        var response = scenario(new ScriptedRun(argv, profile, TagOf(profile), pid));
        LastResponse = response;
        foreach (var report in response.Reports)
        {
            Deliver(report);
        }

        DeliverForeign();
        _pendingLate.AddRange(response.LateReports ?? []);
        _pendingAfterStop.AddRange(response.AfterStopReports ?? []);
        return Task.FromResult(new MacProcessResult(pid, response.ExitCode, response.Stdout, response.Stderr, Descendants: [.. response.Descendants ?? []]));
    }

    public async Task<MacProcessResult> RunSupervisedAsync(
        IReadOnlyList<string> argv,
        string? workingDirectory,
        IReadOnlyDictionary<string, string>? environment,
        MacStdio stdio,
        TimeSpan timeout,
        IMacRunSupervisor supervisor,
        CancellationToken cancellationToken)
    {
        var ran = await RunAsync(argv, workingDirectory, environment, stdio, timeout, cancellationToken).ConfigureAwait(false);
        var server = LastResponse?.Server ?? new ScriptedServer(_ => string.Empty, ExitsAfterChecks: 0);
        var process = new ScriptedProcess(ran.Pid, [ran.Pid, .. ran.Descendants], server);
        _supervised = process;
        try
        {
            var stop = await supervisor.SuperviseAsync(process, cancellationToken).ConfigureAwait(false);
            if (stop)
            {
                Signals.Add((ran.Pid, 15));
                return ran with { ExitCode = 143, StoppedByTool = true };
            }

            if (cancellationToken.IsCancellationRequested)
            {
                Signals.Add((ran.Pid, 2));
                cancellationToken.ThrowIfCancellationRequested();
            }

            return ran;
        }
        finally
        {
            _supervised = null;
        }
    }

    public IMacLogStream StartLogStream(IReadOnlyList<string> argv)
    {
        LogStreamCommand = argv;
        _stream = new ScriptedLogStream(LogFailure);
        if (LogFailure is null)
        {
            _stream.Write("Filtering the log data using \"sender == \"Sandbox\"\"");
            DeliverForeign();
            foreach (var report in _pendingAfterStop)
            {
                Deliver(report);
            }

            _pendingAfterStop.Clear();
        }

        return _stream;
    }

    public string CreateTemporaryFile(string suffix, string content)
    {
        var path = TemporaryDirectory + "/sandboxer-" + suffix;
        _files.Add(path, content);
        return path;
    }

    public void DeleteTemporaryFile(string path) => _files.Remove(path);

    public string? LocateExecutable(string program, string workingDirectory) => Locate(program, workingDirectory);

    /// <summary>The kernel's NDJSON record for a report message (docs/macos-runtime.md §2.2 field values).</summary>
    public static string KernelRecord(string message) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["eventType"] = "logEvent",
        ["messageType"] = "Error",
        ["formatString"] = "%s",
        ["subsystem"] = string.Empty,
        ["category"] = string.Empty,
        ["processImagePath"] = "/kernel",
        ["senderImagePath"] = "/System/Library/Extensions/Sandbox.kext/Contents/MacOS/Sandbox",
        ["timestamp"] = "2026-09-13 10:08:38.776905-0700",
        ["eventMessage"] = message,
        ["processID"] = 0,
    });

    private void Deliver(string message)
    {
        if (!Drop(message))
        {
            _stream?.Write(KernelRecord(message));
        }
    }

    private void DeliverForeign()
    {
        foreach (var report in ForeignReports)
        {
            Deliver(report);
        }
    }

    private static string? TagOf(string profile)
    {
        var match = MessageModifier().Match(profile);
        return match.Success ? match.Groups["tag"].Value : null;
    }

    [GeneratedRegex("\\(with message \"(?<tag>[^\"]+)\"\\)", RegexOptions.CultureInvariant)]
    private static partial Regex MessageModifier();

    /// <summary>A supervised target: answers lsof as its <see cref="ScriptedServer"/> says and ends by itself when told to.</summary>
    private sealed class ScriptedProcess : IMacRunningProcess
    {
        private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly IReadOnlyCollection<int> _members;
        private readonly ScriptedServer _server;
        private int _checks;

        public ScriptedProcess(int pid, IReadOnlyCollection<int> members, ScriptedServer server)
        {
            Pid = pid;
            _members = members;
            _server = server;
            if (server.ExitsAfterChecks == 0)
            {
                _exited.TrySetResult();
            }
        }

        public int Pid { get; }

        public Task Exited => _exited.Task;

        public Task<IReadOnlyCollection<int>> MembersAsync(bool refresh) => Task.FromResult(_members);

        public string Check()
        {
            var output = _server.Lsof(_checks);
            _checks++;
            if (_checks >= _server.ExitsAfterChecks)
            {
                _exited.TrySetResult();
            }

            return output;
        }
    }

    private sealed class ScriptedLogStream : IMacLogStream
    {
        private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
        private readonly string? _failure;
        private int _records;

        public ScriptedLogStream(string? failure)
        {
            _failure = failure;
            if (failure is not null)
            {
                _lines.Writer.TryComplete();
            }
        }

        public ChannelReader<string> Lines => _lines.Reader;

        public void Write(string line)
        {
            if (line.StartsWith('{'))
            {
                _records++;
            }

            _lines.Writer.TryWrite(line);
        }

        public Task<MacProcessResult> StopAsync(TimeSpan drainTimeout)
        {
            if (_failure is not null)
            {
                return Task.FromResult(new MacProcessResult(1, 64, string.Empty, _failure + "\n"));
            }

            _lines.Writer.TryWrite(string.Empty);
            _lines.Writer.TryWrite(string.Create(CultureInfo.InvariantCulture, $"{{\"count\":{_records},\"finished\":1}}"));
            _lines.Writer.TryComplete();
            return Task.FromResult(new MacProcessResult(1, 0, string.Empty, string.Empty));
        }

        public ValueTask DisposeAsync()
        {
            _lines.Writer.TryComplete();
            return ValueTask.CompletedTask;
        }
    }
}
