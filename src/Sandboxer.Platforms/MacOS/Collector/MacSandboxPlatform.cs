using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Channels;
using Sandboxer.Platforms.MacOS.Driver;
using Sandboxer.Platforms.MacOS.LongRunning;

namespace Sandboxer.Platforms.MacOS.Collector;

/// <summary>
/// The real <see cref="IMacSandboxPlatform"/>: processes and files. Nothing here decides anything.
/// <paramref name="errorOutput"/> receives a pass-through run's stderr (the tool's own stderr). While a run lasts its
/// process tree is watched (<see cref="ProcessTree"/>, from <c>ps</c> listings at growing intervals); a run that is
/// stopped (interrupted, or at its time limit) gets the signal, a grace period, then SIGKILL; and whatever of its tree
/// is still running once it has ended gets SIGTERM, a grace period, then SIGKILL, so nothing it started outlives it.
/// </summary>
internal sealed partial class MacSandboxPlatform(string temporaryDirectory, TextWriter? errorOutput = null) : IMacSandboxPlatform
{
    private const int SigInt = 2;
    private const int SigKill = 9;
    private const int SigTerm = 15;
    private const int PassThroughCaptureLimit = 64 * 1024;
    private static readonly TimeSpan OutputGrace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan FirstWatchPause = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan LongestWatchPause = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan StopPoll = TimeSpan.FromMilliseconds(100);

    public Task<MacProcessResult> RunAsync(
        IReadOnlyList<string> argv,
        string? workingDirectory,
        IReadOnlyDictionary<string, string>? environment,
        MacStdio stdio,
        TimeSpan timeout,
        CancellationToken cancellationToken) =>
        RunCoreAsync(argv, workingDirectory, environment, stdio, timeout, supervisor: null, cancellationToken);

    public Task<MacProcessResult> RunSupervisedAsync(
        IReadOnlyList<string> argv,
        string? workingDirectory,
        IReadOnlyDictionary<string, string>? environment,
        MacStdio stdio,
        TimeSpan timeout,
        IMacRunSupervisor supervisor,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(supervisor);
        return RunCoreAsync(argv, workingDirectory, environment, stdio, timeout, supervisor, cancellationToken);
    }

    private async Task<MacProcessResult> RunCoreAsync(
        IReadOnlyList<string> argv,
        string? workingDirectory,
        IReadOnlyDictionary<string, string>? environment,
        MacStdio stdio,
        TimeSpan timeout,
        IMacRunSupervisor? supervisor,
        CancellationToken cancellationToken)
    {
        var passThrough = stdio == MacStdio.PassThrough;
        using var process = Start(argv, workingDirectory, environment, redirectInputAndOutput: !passThrough);
        var tree = new ProcessTree(process.Id);
        var stdout = passThrough ? Task.FromResult(string.Empty) : process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = passThrough
            ? TeeAsync(process.StandardError, errorOutput ?? Console.Error)
            : process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        int? stopSignal = null;
        var stoppedByTool = false;
        using (var watching = new CancellationTokenSource())
        {
            var watcher = WatchAsync(tree, watching.Token);
            try
            {
                if (supervisor is not null)
                {
                    stoppedByTool = await supervisor.SuperviseAsync(new SupervisedProcess(process, tree), limit.Token).ConfigureAwait(false);
                }

                if (!stoppedByTool)
                {
                    await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                // Interrupted: SIGINT, as Ctrl-C would send; timed out: SIGTERM.
                stopSignal = cancellationToken.IsCancellationRequested ? SigInt : SigTerm;
            }

            await watching.CancelAsync().ConfigureAwait(false);
            await watcher.ConfigureAwait(false);
        }

        if (stopSignal is { } signal)
        {
            await StopRootAsync(process, tree, signal, StopGrace).ConfigureAwait(false);
        }
        else if (stoppedByTool)
        {
            await StopRootAsync(process, tree, SigTerm, supervisor!.StopGrace).ConfigureAwait(false);
        }

        await StopLeftoversAsync(tree).ConfigureAwait(false);
        if (stopSignal == SigInt)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        // A process the watch never saw may still hold the pipes open: take what is there after a short grace.
        await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(OutputGrace, CancellationToken.None)).ConfigureAwait(false);
        return new MacProcessResult(
            process.Id,
            process.ExitCode,
            stdout.IsCompletedSuccessfully ? stdout.Result : string.Empty,
            stderr.IsCompletedSuccessfully ? stderr.Result : string.Empty,
            stopSignal == SigTerm,
            [.. tree.Descendants],
            stoppedByTool);
    }

    public string? LocateExecutable(string program, string workingDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        ArgumentNullException.ThrowIfNull(workingDirectory);
        var candidate = program.Contains('/', StringComparison.Ordinal) ? Path.Combine(workingDirectory, program) : program;
        return ExecutableLocator.Find(candidate);
    }

    public IMacLogStream StartLogStream(IReadOnlyList<string> argv) => new ProcessLogStream(Start(argv, workingDirectory: null, environment: null, redirectInputAndOutput: true));

    public string CreateTemporaryFile(string suffix, string content)
    {
        var directory = SandboxParameters.ResolveDirectory(temporaryDirectory, RealPathResolver.Instance);
        var path = Path.Combine(directory, "sandboxer-" + suffix);
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, fileOptions);
        using var writer = new StreamWriter(stream);
        writer.Write(content);
        return path;
    }

    public void DeleteTemporaryFile(string path) => File.Delete(path);

    /// <summary>Copies a pass-through run's stderr to the tool's stderr as it comes, keeping its beginning.</summary>
    private static async Task<string> TeeAsync(StreamReader reader, TextWriter forward)
    {
        var kept = new StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer, CancellationToken.None).ConfigureAwait(false)) > 0)
        {
            await forward.WriteAsync(buffer.AsMemory(0, read), CancellationToken.None).ConfigureAwait(false);
            await forward.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            kept.Append(buffer, 0, Math.Min(read, PassThroughCaptureLimit - kept.Length));
        }

        return kept.ToString();
    }

    /// <summary>Lists the machine's processes into <paramref name="tree"/> until <paramref name="stop"/>, pausing longer each time.</summary>
    private static async Task WatchAsync(ProcessTree tree, CancellationToken stop)
    {
        var pause = FirstWatchPause;
        while (!stop.IsCancellationRequested)
        {
            if (await ListAsync().ConfigureAwait(false) is { } listing)
            {
                tree.Observe(listing);
            }

            try
            {
                await Task.Delay(pause, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            pause = pause * 2 < LongestWatchPause ? pause * 2 : LongestWatchPause;
        }
    }

    /// <summary>
    /// Signals the root, gives it <paramref name="grace"/> to end, then kills it and what still hangs below it. The tree
    /// is listed once more first, while the root's children are still its children.
    /// </summary>
    private static async Task StopRootAsync(Process process, ProcessTree tree, int signal, TimeSpan grace)
    {
        if (await ListAsync().ConfigureAwait(false) is { } listing)
        {
            tree.Observe(listing);
        }

        if (!process.HasExited)
        {
            _ = SendSignal(process.Id, signal);
        }

        using (var waiting = new CancellationTokenSource(grace))
        {
            try
            {
                await process.WaitForExitAsync(waiting.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // It did not end on its own.
            }
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops the members of <paramref name="tree"/> that outlived the root (background children, daemons): SIGTERM,
    /// up to <see cref="StopGrace"/> to end, then SIGKILL. Each signal goes only to a process a fresh listing shows
    /// with the pid and start time it was seen with.
    /// </summary>
    private static async Task StopLeftoversAsync(ProcessTree tree)
    {
        if (await ListAsync().ConfigureAwait(false) is not { } listing)
        {
            return;
        }

        tree.Observe(listing);
        var running = tree.Running(listing);
        if (running.Count == 0)
        {
            return;
        }

        foreach (var pid in running)
        {
            _ = SendSignal(pid, SigTerm);
        }

        var deadline = Stopwatch.StartNew();
        while (running.Count > 0 && deadline.Elapsed < StopGrace)
        {
            await Task.Delay(StopPoll, CancellationToken.None).ConfigureAwait(false);
            if (await ListAsync().ConfigureAwait(false) is not { } now)
            {
                return;
            }

            tree.Observe(now);
            running = tree.Running(now);
        }

        foreach (var pid in running)
        {
            _ = SendSignal(pid, SigKill);
        }
    }

    /// <summary>The machine's live processes, or <see langword="null"/> when <c>ps</c> cannot be run.</summary>
    private static async Task<IReadOnlyList<ProcessEntry>?> ListAsync()
    {
        try
        {
            using var ps = Start(ProcessListing.Command, workingDirectory: null, new Dictionary<string, string> { ["LC_ALL"] = "C" }, redirectInputAndOutput: true);
            var errors = ps.StandardError.ReadToEndAsync(CancellationToken.None);
            var listing = await ps.StandardOutput.ReadToEndAsync(CancellationToken.None).ConfigureAwait(false);
            await ps.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            await errors.ConfigureAwait(false);
            return ps.ExitCode == 0 ? ProcessListing.Parse(listing) : null;
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return null;
        }
    }

    private static Process Start(IReadOnlyList<string> argv, string? workingDirectory, IReadOnlyDictionary<string, string>? environment, bool redirectInputAndOutput)
    {
        var info = new ProcessStartInfo(argv[0])
        {
            WorkingDirectory = workingDirectory ?? string.Empty,
            RedirectStandardInput = redirectInputAndOutput,
            RedirectStandardOutput = redirectInputAndOutput,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in argv.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + argv[0]);
        if (redirectInputAndOutput)
        {
            process.StandardInput.Close();
        }

        return process;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);

    /// <summary>A supervised run as its supervisor sees it: the root's exit, and the tree watched so far (or listed afresh).</summary>
    private sealed class SupervisedProcess(Process process, ProcessTree tree) : IMacRunningProcess
    {
        public int Pid => process.Id;

        public Task Exited { get; } = process.WaitForExitAsync(CancellationToken.None);

        public async Task<IReadOnlyCollection<int>> MembersAsync(bool refresh)
        {
            if (refresh && await ListAsync().ConfigureAwait(false) is { } listing)
            {
                tree.Observe(listing);
            }

            return [tree.Root, .. tree.Descendants];
        }
    }

    private sealed class ProcessLogStream : IMacLogStream
    {
        private readonly Process _process;
        private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        private readonly Task _reading;
        private readonly Task<string> _stderr;

        public ProcessLogStream(Process process)
        {
            _process = process;
            _stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            _reading = Task.Run(ReadAsync);
        }

        public ChannelReader<string> Lines => _lines.Reader;

        public async Task<MacProcessResult> StopAsync(TimeSpan drainTimeout)
        {
            if (!_process.HasExited)
            {
                _ = SendSignal(_process.Id, SigInt);
            }

            using var limit = new CancellationTokenSource(drainTimeout);
            try
            {
                await _process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }

            await Task.WhenAny(_reading, Task.Delay(OutputGrace, CancellationToken.None)).ConfigureAwait(false);
            _lines.Writer.TryComplete();
            var stderr = await Task.WhenAny(_stderr, Task.Delay(OutputGrace, CancellationToken.None)).ConfigureAwait(false) == _stderr ? _stderr.Result : string.Empty;
            return new MacProcessResult(_process.Id, _process.ExitCode, string.Empty, stderr);
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }

            _lines.Writer.TryComplete();
            _process.Dispose();
        }

        private async Task ReadAsync()
        {
            while (await _process.StandardOutput.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
            {
                await _lines.Writer.WriteAsync(line, CancellationToken.None).ConfigureAwait(false);
            }

            _lines.Writer.TryComplete();
        }
    }
}
