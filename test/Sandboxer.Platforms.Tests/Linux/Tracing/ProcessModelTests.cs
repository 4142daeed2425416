using Sandboxer.Platforms.Linux.Tracing;

namespace Sandboxer.Platforms.Tests.Linux.Tracing;

/// <summary>The process side of the trace: working directories, threads, forks, execs and pid changes.</summary>
public sealed class ProcessModelTests
{
    private readonly TraceHarness _trace = new("/start");

    [Fact]
    public void Threads_share_the_working_directory_and_forks_copy_it()
    {
        _trace.Feed(
            "10 execve(\"/usr/bin/app\", [\"app\"], 0x1 /* 1 var */) = 0",
            "10 clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM, exit_signal=0, stack=0x1, stack_size=0x7fff80} => {parent_tid=[11]}, 88) = 11",
            "10 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f) = 12",
            "11 chdir(\"/elsewhere\") = 0");
        var events = _trace.Feed(
            "10 stat(\"main.txt\", {st_mode=S_IFREG|0644, st_size=1, ...}) = 0",
            "12 stat(\"child.txt\", {st_mode=S_IFREG|0644, st_size=1, ...}) = 0",
            "11 stat(\"thread.txt\", {st_mode=S_IFREG|0644, st_size=1, ...}) = 0");
        Assert.Equal(["/elsewhere/main.txt", "/start/child.txt", "/elsewhere/thread.txt"], events.Select(e => e.Path));
        Assert.Equal([10, 12, 10], events.Select(e => e.Pid));
        Assert.Equal([null, 10, null], events.Select(e => e.Ppid));
    }

    [Fact]
    public void Fchdir_and_at_fdcwd_decorations_update_the_working_directory()
    {
        _trace.Feed("10 fchdir(3</var/lib>) = 0");
        Assert.Equal("/var/lib/a", _trace.Feed("10 access(\"a\", F_OK) = 0").Single().Path);
        _trace.Feed("10 openat(AT_FDCWD</srv/x>, \"/etc/passwd\", O_RDONLY) = 3</etc/passwd>");
        Assert.Equal("/srv/x/b", _trace.Feed("10 access(\"b\", F_OK) = 0").Single().Path);
    }

    [Fact]
    public void A_failed_chdir_leaves_the_working_directory_alone()
    {
        Assert.Equal("error:ENOENT", _trace.Feed("10 chdir(\"missing\") = -1 ENOENT (No such file or directory)").Single().Result.ToString());
        Assert.Equal("/start/c", _trace.Feed("10 access(\"c\", F_OK) = 0").Single().Path);
    }

    [Fact]
    public void A_thread_that_execs_takes_over_the_process_pid()
    {
        _trace.Feed(
            "10911 execve(\"/usr/bin/python3.11\", [\"/usr/bin/python3.11\", \"t2.py\"], 0x7ffc0055d668 /* 43 vars */) = 0",
            "10911 clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x7f7ae3678990, parent_tid=0x7f7ae3678990, exit_signal=0, stack=0x7f7ae2e78000, stack_size=0x7fff80, tls=0x7f7ae36786c0} => {parent_tid=[10912]}, 88) = 10912");
        var events = _trace.Feed(
            "10912 execve(\"/usr/bin/true\", [\"true\"], 0x7ffd0dd85cd0 /* 43 vars */ <pid changed to 10911 ...>",
            "10911 +++ superseded by execve in pid 10912 +++",
            "10911 <... execve resumed>)             = -1 (errno 18446744073709551595)",
            "10911 openat(AT_FDCWD</tmp/trs>, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC) = 3</etc/ld.so.cache>",
            "10911 +++ exited with 0 +++");
        Assert.Equal(
            ["process-exec /usr/bin/true by python3.11 (/usr/bin/python3.11): ok", "file-read-data /etc/ld.so.cache by true (/usr/bin/true): ok"],
            events.Select(e => e.Operation == "process-exec" || e.Path == "/etc/ld.so.cache" ? Describe(e) : null).OfType<string>());
        Assert.All(events, e => Assert.Equal(10911, e.Pid));
        Assert.Equal(0, _trace.Processor.Processes.LiveThreads);
        Assert.Equal(0, _trace.Processor.Pending.Count);
    }

    [Fact]
    public void A_child_that_ended_before_its_parents_vfork_returned_is_not_brought_back()
    {
        _trace.Feed(
            "10 execve(\"/bin/sh\", [\"sh\"], 0x1 /* 1 var */) = 0",
            "10 vfork( <unfinished ...>",
            "11 execve(\"/usr/bin/true\", [\"true\"], 0x1 /* 1 var */) = 0",
            "11 +++ exited with 0 +++",
            "10 <... vfork resumed>) = 11");
        Assert.Equal(2, _trace.Processor.Processes.ProcessesSeen);
        Assert.Equal(1, _trace.Processor.Processes.LiveThreads);
        Assert.Null(_trace.Processor.Processes.FindProcess(11));
    }

    [Fact]
    public void A_resumed_half_without_its_start_is_skipped_and_reading_continues()
    {
        var events = _trace.Feed(
            "10 <... openat resumed>) = 3</etc/a>",
            "10 openat(AT_FDCWD</start>, \"/etc/b\", O_RDONLY) = 3</etc/b>");
        Assert.Equal("/etc/b", events.Single().Path);
        Assert.Equal(1, _trace.Processor.Counters.OrphanResumes);
    }

    [Fact]
    public void A_call_in_flight_when_its_task_dies_is_still_an_access()
    {
        var events = _trace.Feed(
            "10 connect(3<socket:[5]>, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr(\"10.0.0.1\")}, 16 <unfinished ...>",
            "10 +++ killed by SIGKILL +++");
        Assert.Equal("network-outbound remote ip:10.0.0.1:80 by  (): ok", Describe(events.Single()));
    }

    [Fact]
    public void The_root_reports_its_start_and_its_end_with_the_exit_code()
    {
        var started = new List<int>();
        var ended = new List<int>();
        _trace.Processor.RootStarted = started.Add;
        _trace.Processor.RootExited = ended.Add;
        _trace.Feed(
            "50 execve(\"/bin/sh\", [\"sh\"], 0x1 /* 1 var */) = 0",
            "50 clone(child_stack=NULL, flags=SIGCHLD) = 51",
            "51 +++ exited with 1 +++");
        Assert.Equal([50], started);
        Assert.Empty(ended);
        _trace.Feed("50 +++ killed by SIGSEGV (core dumped) +++");
        Assert.Equal([139], ended);
    }

    [Fact]
    public void Without_a_known_working_directory_relative_paths_wait_for_the_first_decoration()
    {
        var trace = new TraceHarness(workingDirectory: null);
        Assert.Empty(trace.Feed("10 access(\"early\", F_OK) = 0"));
        Assert.Equal(1, trace.Processor.Counters.UnresolvedPaths);
        trace.Feed("10 openat(AT_FDCWD</learned>, \"/x\", O_RDONLY) = 3</x>");
        Assert.Equal("/learned/late", trace.Feed("10 access(\"late\", F_OK) = 0").Single().Path);
    }

    [Fact]
    public void Exec_of_a_script_runs_its_interpreter_and_the_kernel_maps_the_loader()
    {
        var inspector = new FakeInspector(
            new ExecutableImage("/opt/tool.sh", IsElf: false, ElfInterpreter: null, ScriptInterpreter: "/bin/sh"),
            new ExecutableImage("/usr/bin/dash", IsElf: true, ElfInterpreter: "/lib64/ld-linux-x86-64.so.2", ScriptInterpreter: null),
            new ExecutableImage("/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", IsElf: true, ElfInterpreter: null, ScriptInterpreter: null))
            .Link("/bin/sh", "/usr/bin/dash")
            .Link("/lib64/ld-linux-x86-64.so.2", "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2")
            .Link("/usr/local/bin/tool", "/opt/tool.sh");
        var trace = new TraceHarness("/w", inspector);
        var events = trace.Feed("7 execve(\"/usr/local/bin/tool\", [\"tool\"], 0x1 /* 1 var */) = 0");
        Assert.Equal(
            [
                "process-exec /opt/tool.sh <- /usr/local/bin/tool by  (): ok",
                "process-exec /usr/bin/dash <- /bin/sh by tool (/usr/bin/dash): ok",
                "file-map-executable /usr/bin/dash <- /bin/sh by tool (/usr/bin/dash): ok",
                "file-map-executable /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 <- /lib64/ld-linux-x86-64.so.2 by tool (/usr/bin/dash): ok",
            ],
            events.Select(Describe));
    }

    [Fact]
    public void Process_names_are_cut_to_fifteen_bytes_like_the_kernel_does()
    {
        _trace.Feed("10 execve(\"./a-very-long-program-name\", [\"x\"], 0x1 /* 1 var */) = 0");
        Assert.Equal("a-very-long-pro", _trace.Processor.Processes.FindProcess(10)?.Name);
        Assert.Equal("/start/a-very-long-program-name", _trace.Processor.Processes.FindProcess(10)?.Executable);
    }

    private static string Describe(Sandboxer.Events.AccessEvent e) => Sandboxer.Platforms.Tests.Linux.Tracing.TracedRunDescriber.Describe(e);
}
