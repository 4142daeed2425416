using Sandboxer.Events;
using Sandboxer.Platforms.Linux.Tracing;

namespace Sandboxer.Platforms.Tests.Linux.Tracing;

/// <summary>
/// Every verbatim sample of docs/linux-backend.md §1.4 (recorded on this machine), one line in, the exact events out.
/// The process first execs <c>/tmp/demo/fam</c> so that events carry its name.
/// </summary>
public sealed class SyscallMapperSampleTests
{
    private const int Pid = 5613;
    private readonly TraceHarness _trace = new();

    public SyscallMapperSampleTests()
    {
        _trace.Feed("5613  execve(\"/tmp/demo/fam\", [\"fam\"], 0x7ffc88b51e58 /* 47 vars */) = 0");
    }

    [Fact]
    public void Open_for_writing_with_create_and_truncate()
    {
        Assert.Equal(
            [Event("file-write-data", "/tmp/demo/fam/a.txt"), Event("file-write-create", "/tmp/demo/fam/a.txt")],
            _trace.Feed("5613  openat(3</tmp/demo/fam>, \"a.txt\", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 4</tmp/demo/fam/a.txt>"));
    }

    [Fact]
    public void Open_read_write_append()
    {
        Assert.Equal(
            [Event("file-read-data", "/tmp/demo/fam/a.txt"), Event("file-write-data", "/tmp/demo/fam/a.txt")],
            _trace.Feed("5613  openat(3</tmp/demo/fam>, \"a.txt\", O_RDWR|O_APPEND) = 4</tmp/demo/fam/a.txt>"));
    }

    [Fact]
    public void Open_path_only_is_metadata()
    {
        Assert.Equal(
            [Event("file-read-metadata", "/tmp/demo/fam/a.txt")],
            _trace.Feed("5613  openat(AT_FDCWD</tmp/demo>, \"fam/a.txt\", O_RDONLY|O_PATH) = 4</tmp/demo/fam/a.txt>"));
    }

    [Fact]
    public void Openat2_reads_its_flags_from_the_how_struct()
    {
        Assert.Equal(
            [Event("file-read-data", "/tmp/demo/fam/a.txt", "openat2")],
            _trace.Feed("5613  openat2(3</tmp/demo/fam>, \"a.txt\", {flags=O_RDONLY, resolve=RESOLVE_BENEATH}, 24) = 4</tmp/demo/fam/a.txt>"));
    }

    [Fact]
    public void Creat_resolves_against_the_working_directory()
    {
        Assert.Equal(
            [Event("file-write-data", "/tmp/demo/fam/c.txt", "creat"), Event("file-write-create", "/tmp/demo/fam/c.txt", "creat")],
            _trace.Feed("5613  creat(\"fam/c.txt\", 0600)          = 4</tmp/demo/fam/c.txt>"));
    }

    [Fact]
    public void Non_utf8_names_keep_their_bytes()
    {
        var events = _trace.Feed("4706  openat(AT_FDCWD</tmp/demo>, \"bad\\377\\376utf8.txt\", O_RDONLY) = 3</tmp/demo/bad\\377\\376utf8.txt>");
        var path = Assert.Single(events).Path!;
        Assert.Equal([.. "/tmp/demo/bad"u8, 0xff, 0xfe, .. "utf8.txt"u8], PathBytes.Encode(path));
        Assert.Contains("\"pathBytes\":", EventJson.Serialize(events[0]), StringComparison.Ordinal);
    }

    [Fact]
    public void Hex_escaped_utf8_names_decode_to_text()
    {
        var events = _trace.Feed("4781  openat(AT_FDCWD</tmp/demo>, \"\\xc3\\xbc-\\xc3\\xb1.txt\", O_RDONLY) = 3</tmp/demo/\\xc3\\xbc-\\xc3\\xb1.txt>");
        Assert.Equal("/tmp/demo/ü-ñ.txt", Assert.Single(events).Path);
    }

    [Fact]
    public void Newlines_in_names_survive()
    {
        var events = _trace.Feed("4706  openat(AT_FDCWD</tmp/demo>, \"nl\\nname.txt\", O_RDONLY) = 3</tmp/demo/nl\\nname.txt>");
        Assert.Equal("/tmp/demo/nl\nname.txt", Assert.Single(events).Path);
    }

    [Fact]
    public void Quotes_backslashes_and_angle_brackets_in_names_survive()
    {
        var events = _trace.Feed("5613  openat(AT_FDCWD</tmp/trs/d1>, \"q\\\"uote\\\\back\\nnl\\ttab <gt>.txt\", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0666) = 3</tmp/trs/d1/q\\\"uote\\\\back\\nnl\\ttab \\x3cgt\\x3e.txt>");
        Assert.Equal("/tmp/trs/d1/q\"uote\\back\nnl\ttab <gt>.txt", events[0].Path);
        Assert.Null(events[0].RequestedPath);
    }

    [Fact]
    public void Stat_of_a_directory_is_metadata_with_its_type()
    {
        Assert.Equal(
            [Event("file-read-metadata", "/tmp/demo/fam", "newfstatat", fileType: "directory")],
            _trace.Feed("5613  newfstatat(AT_FDCWD</tmp/demo>, \"fam\", {st_mode=S_IFDIR|0755, st_size=4096, ...}, AT_SYMLINK_NOFOLLOW) = 0"));
    }

    [Fact]
    public void Fstat_through_an_empty_path_is_no_new_access()
    {
        Assert.Empty(_trace.Feed("5613  newfstatat(4</tmp/demo/fam>, \"\", {st_mode=S_IFDIR|0755, st_size=4096, ...}, AT_EMPTY_PATH) = 0"));
    }

    [Fact]
    public void Statx_access_faccessat2_and_readlinkat_are_metadata()
    {
        Assert.Equal(
            [
                Event("file-read-metadata", "/tmp/demo/fam/a.txt", "statx"),
                Event("file-read-metadata", "/tmp/demo/fam/a.txt", "access"),
                Event("file-read-metadata", "/tmp/demo/fam/a.txt", "faccessat2", result: "error:EACCES"),
                Event("file-read-metadata", "/tmp/demo/fam/lnk", "readlinkat"),
            ],
            _trace.Feed(
                "5613  statx(AT_FDCWD</tmp/demo>, \"fam/a.txt\", AT_STATX_SYNC_AS_STAT, STATX_ALL, {stx_mask=STATX_ALL|STATX_MNT_ID, ...}) = 0",
                "5613  access(\"fam/a.txt\", R_OK|W_OK)    = 0",
                "5613  faccessat2(3</tmp/demo/fam>, \"a.txt\", X_OK, AT_EACCESS) = -1 EACCES (Permission denied)",
                "5613  readlinkat(3</tmp/demo/fam>, \"lnk\", \"a.txt\", 256) = 5"));
    }

    [Fact]
    public void Listing_a_directory_reads_its_data()
    {
        Assert.Equal(
            [Event("file-read-data", "/tmp/demo/fam", "getdents64", fileType: "directory")],
            _trace.Feed("5613  getdents64(4</tmp/demo/fam>, 0x55d85ba6a2d0 /* 7 entries */, 32768) = 192"));
    }

    [Fact]
    public void Namespace_changes()
    {
        Assert.Equal(
            [
                Event("file-write-create", "/tmp/demo/fam/sub", "mkdirat", fileType: "directory"),
                Event("file-write-unlink", "/tmp/demo/fam/sub2", "unlinkat", fileType: "directory"),
                Event("file-write-unlink", "/tmp/demo/fam/a.txt", "renameat2"),
                Event("file-write-create", "/tmp/demo/fam/a.txt", "renameat2"),
                Event("file-write-create", "/tmp/demo/fam/c.txt", "renameat2"),
                Event("file-write-unlink", "/tmp/demo/fam/c.txt", "renameat2"),
                Event("file-write-create", "/tmp/demo/fam/hard2", "linkat"),
                Event("file-write-create", "/tmp/demo/fam/lnk", "symlink", fileType: "symlink"),
                Event("file-write-create", "/tmp/demo/fam/fifo", "mknodat", fileType: "fifo"),
            ],
            _trace.Feed(
                "5613  mkdirat(3</tmp/demo/fam>, \"sub\", 0700) = 0",
                "5613  unlinkat(3</tmp/demo/fam>, \"sub2\", AT_REMOVEDIR) = 0",
                "5613  renameat2(3</tmp/demo/fam>, \"a.txt\", 3</tmp/demo/fam>, \"c.txt\", RENAME_EXCHANGE) = 0",
                "5613  linkat(3</tmp/demo/fam>, \"a.txt\", 3</tmp/demo/fam>, \"hard2\", 0) = 0",
                "5613  symlink(\"a.txt\", \"fam/lnk\")       = 0",
                "5613  mknodat(AT_FDCWD</tmp/demo>, \"fam/fifo\", S_IFIFO|0600) = 0"));
    }

    [Fact]
    public void Attribute_changes()
    {
        Assert.Equal(
            [
                Event("file-write-mode", "/tmp/demo/fam/a.txt", "fchmodat"),
                Event("file-write-owner", "/tmp/demo/fam/a.txt", "fchownat"),
                Event("file-write-times", "/tmp/demo/fam/a.txt", "utimensat"),
                Event("file-write-data", "/tmp/demo/fam/a.txt", "truncate"),
                Event("file-write-xattr", "/tmp/demo/fam/a.txt", "setxattr"),
                Event("file-read-xattr", "/tmp/demo/fam/a.txt", "listxattr"),
            ],
            _trace.Feed(
                "5613  fchmodat(3</tmp/demo/fam>, \"a.txt\", 0644) = 0",
                "5613  fchownat(3</tmp/demo/fam>, \"a.txt\", 0, 0, AT_SYMLINK_NOFOLLOW) = 0",
                "5613  utimensat(3</tmp/demo/fam>, \"a.txt\", NULL, 0) = 0",
                "5613  truncate(\"fam/a.txt\", 10)         = 0",
                "5613  setxattr(\"fam/a.txt\", \"user.k\", \"v\", 1, 0) = 0",
                "5613  listxattr(\"fam/a.txt\", \"user.k\\0\", 256) = 7"));
    }

    [Fact]
    public void Setuid_chmod_also_writes_setugid()
    {
        Assert.Equal(
            [Event("file-write-mode", "/tmp/demo/tool", "chmod"), Event("file-write-setugid", "/tmp/demo/tool", "chmod")],
            _trace.Feed("5613  chmod(\"tool\", 04755) = 0"));
    }

    [Fact]
    public void Executable_mappings_of_files()
    {
        Assert.Equal(
            [
                Event("file-map-executable", "/usr/lib/x86_64-linux-gnu/libc.so.6", "mmap"),
                Event("file-map-executable", "/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/System.Private.CoreLib.dll", "mmap"),
            ],
            _trace.Feed(
                "5613  mmap(0x7fbf8cc43000, 1400832, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 4</usr/lib/x86_64-linux-gnu/libc.so.6>, 0x26000) = 0x7fbf8cc43000",
                "5613  mmap(0x7f4520680000, 11845632, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED, 13</usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/System.Private.CoreLib.dll>, 0) = 0x7f4520680000",
                "5613  mmap(NULL, 36231, PROT_READ, MAP_PRIVATE, 3</etc/ld.so.cache>, 0) = 0x7f6dd5055000",
                "5613  mmap(NULL, 8192, PROT_READ|PROT_WRITE|PROT_EXEC, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f6dd505e000"));
    }

    [Fact]
    public void Shared_memory_opens_are_posix_shm_accesses_too()
    {
        Assert.Equal(
            [
                Event("file-read-data", "/dev/shm/myshm"),
                Event("file-write-data", "/dev/shm/myshm"),
                Event("file-write-create", "/dev/shm/myshm"),
                Event("ipc-posix-shm-read-data", name: "/myshm"),
                Event("ipc-posix-shm-write-data", name: "/myshm"),
                Event("ipc-posix-shm-write-create", name: "/myshm"),
            ],
            _trace.Feed("5613  openat(AT_FDCWD</tmp/demo>, \"/dev/shm/myshm\", O_RDWR|O_CREAT|O_NOFOLLOW|O_CLOEXEC, 0600) = 4</dev/shm/myshm>"));
        Assert.Equal(
            [Event("file-write-unlink", "/dev/shm/myshm", "unlink"), Event("ipc-posix-shm-write-unlink", syscall: "unlink", name: "/myshm")],
            _trace.Feed("5613  unlink(\"/dev/shm/myshm\") = 0"));
    }

    [Fact]
    public void Proc_sys_reads_are_sysctl_reads_in_dotted_form()
    {
        Assert.Equal(
            [Event("file-read-data", "/proc/sys/kernel/ostype"), Event("sysctl-read", name: "kernel.ostype")],
            _trace.Feed("5613  openat(AT_FDCWD</tmp/demo>, \"/proc/sys/kernel/ostype\", O_RDONLY) = 4</proc/sys/kernel/ostype>"));
        Assert.Equal(
            [Event("file-write-data", "/proc/sys/net/ipv4/conf/eth0.100/forwarding"), Event("sysctl-write", name: "net.ipv4.conf.eth0/100.forwarding")],
            _trace.Feed("5613  openat(AT_FDCWD</tmp/demo>, \"/proc/sys/net/ipv4/conf/eth0.100/forwarding\", O_WRONLY) = 4</proc/sys/net/ipv4/conf/eth0.100/forwarding>"));
    }

    [Fact]
    public void Ioctl_on_a_file_keeps_its_errno_and_memfd_is_nothing()
    {
        Assert.Equal(
            [Event("file-ioctl", "/tmp/bash_jobs.0/65145c48523b/stdout", "ioctl", result: "error:ENOTTY")],
            _trace.Feed(
                "5613  ioctl(1</tmp/bash_jobs.0/65145c48523b/stdout>, TIOCGWINSZ, 0x7ffc88b50a34) = -1 ENOTTY (Inappropriate ioctl for device)",
                "5613  memfd_create(\"mfd\", MFD_CLOEXEC)  = 4</memfd:mfd>(deleted)",
                "5613  ioctl(4<pipe:[9918]>, FIONBIO, [1]) = 0"));
    }

    [Fact]
    public void A_resolved_path_differing_from_the_request_keeps_both()
    {
        Assert.Equal(
            [Event("file-read-data", "/etc/locale.alias", requested: "/usr/share/locale/locale.alias")],
            _trace.Feed("5613  openat(AT_FDCWD</tmp/demo>, \"/usr/share/locale/locale.alias\", O_RDONLY|O_CLOEXEC) = 3</etc/locale.alias>"));
    }

    [Fact]
    public void Failed_probes_keep_their_errno_and_eperm_counts_as_eacces()
    {
        Assert.Equal(
            [
                Event("file-read-data", "/etc/ld.so.preload", result: "error:ENOENT"),
                Event("file-read-data", "/etc/shadow", result: "error:EACCES"),
                Event("file-write-owner", "/tmp/demo/x", "chown", result: "error:EACCES"),
            ],
            _trace.Feed(
                "5613  openat(AT_FDCWD</tmp/demo>, \"/etc/ld.so.preload\", O_RDONLY) = -1 ENOENT (No such file or directory)",
                "5613  openat(AT_FDCWD</tmp/demo>, \"/etc/shadow\", O_RDONLY) = -1 EACCES (Permission denied) (INJECTED)",
                "5613  chown(\"x\", 0, 0) = -1 EPERM (Operation not permitted)"));
    }

    [Fact]
    public void Fork_thread_vfork_and_exec()
    {
        Assert.Equal([Event("process-fork", syscall: "clone")], _trace.Feed("5613  clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f2dc7f92a10) = 5614"));
        Assert.Empty(_trace.Feed("5613  clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x7fad83cec990, parent_tid=0x7fad83cec990, exit_signal=0, stack=0x7fad83cec000, stack_size=0x7fff80, tls=0x7fad844ec6c0} => {parent_tid=[4977]}, 88) = 4977"));
        Assert.Equal(Pid, _trace.Processor.Processes.FindProcessOfThread(4977)?.Pid);
        Assert.Equal(Pid, _trace.Processor.Processes.FindProcess(5614)?.ParentPid);

        var events = _trace.Feed(
            "5613  vfork( <unfinished ...>",
            "4980  execve(\"/usr/bin/sh\", [\"sh\", \"-c\", \"cat /etc/hostname >/dev/null; ex\"...], 0x7fff244d3e30 /* 47 vars */ <unfinished ...>",
            "5613  <... vfork resumed>)              = 4980",
            "4980  <... execve resumed>)             = 0",
            "4980  openat(AT_FDCWD</tmp/demo>, \"/etc/hostname\", O_RDONLY) = 3</etc/hostname>");
        Assert.Equal(
            [
                Event("process-fork", syscall: "vfork"),
                Event("process-exec", "/usr/bin/sh", "execve") with { Pid = 4980, Ppid = Pid },
                Event("file-read-data", "/etc/hostname") with { Pid = 4980, Ppid = Pid, Process = "sh", Executable = "/usr/bin/sh" },
            ],
            events);
    }

    [Fact]
    public void A_path_search_failure_is_a_failed_exec()
    {
        Assert.Equal(
            [Event("process-exec", "/home/dev/.cargo/bin/true", "execve", result: "error:ENOENT")],
            _trace.Feed("5613  execve(\"/home/dev/.cargo/bin/true\", [\"true\"], 0x7ffec3cf2be8 /* 47 vars */) = -1 ENOENT (No such file or directory)"));
    }

    [Fact]
    public void Execveat_resolves_against_its_dirfd()
    {
        var events = _trace.Feed(
            "5613  execveat(4</usr/bin>, \"true\", [\"true\"], 0x7ffc88b51e58 /* 47 vars */, 0 <unfinished ...>",
            "5613  <... execveat resumed>) = 0");
        Assert.Equal([Event("process-exec", "/usr/bin/true", "execveat")], events);
        Assert.Equal("true", _trace.Processor.Processes.FindProcess(Pid)?.Name);
    }

    [Fact]
    public void Signals_are_classified_by_target()
    {
        _trace.Feed("5613  clone(child_stack=NULL, flags=SIGCHLD) = 5616");
        Assert.Equal(
            [
                Event("signal", syscall: "kill", target: "children", signal: 15),
                Event("signal", syscall: "tgkill", target: "self", signal: 0),
                Event("signal", syscall: "kill", target: "others", signal: 9),
                Event("signal", syscall: "kill", target: "pgrp", signal: 2),
            ],
            _trace.Feed(
                "5613  kill(5616, SIGTERM)               = 0",
                "5613  tgkill(5613, 5613, 0)             = 0",
                "5613  kill(1, SIGKILL) = -1 EPERM (Operation not permitted)",
                "5613  kill(0, SIGINT) = 0").Select(e => e with { Result = AccessResult.Ok }).ToList());
    }

    [Fact]
    public void A_pidfd_signal_reaches_the_process_the_pidfd_was_opened_for()
    {
        _trace.Feed("5613  clone(child_stack=NULL, flags=SIGCHLD) = 15693");
        Assert.Equal(
            [Event("signal", syscall: "pidfd_send_signal", target: "children", signal: 15), Event("signal", syscall: "pidfd_send_signal", target: "others", signal: 9)],
            _trace.Feed(
                "5613  pidfd_open(15693, 0)              = 3<anon_inode:[pidfd]>",
                "5613  pidfd_send_signal(3<anon_inode:[pidfd]>, SIGTERM, NULL, 0) = 0",
                "5613  pidfd_send_signal(4<anon_inode:[pidfd]>, SIGKILL, NULL, 0) = 0"));
    }

    [Fact]
    public void Signal_lines_and_exits_are_not_accesses()
    {
        Assert.Empty(_trace.Feed(
            "4982  --- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=4976, si_uid=0} ---",
            "4982  +++ killed by SIGTERM +++",
            "5614  +++ exited with 0 +++"));
    }

    [Fact]
    public void Tcp_bind_listen_accept_and_non_blocking_connect()
    {
        var local = new NetworkEndpoint("tcp", "::1", 18081);
        Assert.Equal(
            [
                Event("network-bind", syscall: "bind", local: local),
                Event("network-inbound", syscall: "listen", local: local),
                Event("network-inbound", syscall: "accept4", local: local),
                Event("network-outbound", syscall: "connect", remote: new NetworkEndpoint("tcp", "127.0.0.1", 18080)),
            ],
            _trace.Feed(
                "5236  bind(3<TCPv6:[11717]>, {sa_family=AF_INET6, sin6_port=htons(18081), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, \"::1\", &sin6_addr), sin6_scope_id=0}, 28) = 0",
                "5236  listen(3<TCPv6:[[::1]:18081]>, 5) = 0",
                "5236  accept4(3<TCPv6:[[::1]:18081]>, {sa_family=AF_INET6, sin6_port=htons(43984), inet_pton(AF_INET6, \"::1\", &sin6_addr), sin6_scope_id=0}, [28], SOCK_CLOEXEC) = 11<TCPv6:[[::1]:18081->[::1]:43984]>",
                "5283  connect(5<TCP:[12465]>, {sa_family=AF_INET, sin_port=htons(18080), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = -1 EINPROGRESS (Operation now in progress)")
            .Select(e => e with { Pid = Pid, Ppid = null, Process = "fam", Executable = "/tmp/demo/fam" }).ToList());
    }

    [Fact]
    public void Sockets_remember_their_protocol_and_bound_address_by_inode()
    {
        var local = new NetworkEndpoint("tcp", "127.0.0.1", 0);
        Assert.Equal(
            [
                Event("network-bind", syscall: "bind", local: local),
                Event("network-inbound", syscall: "listen", local: local),
                Event("network-outbound", syscall: "sendto", remote: new NetworkEndpoint("udp", "127.0.0.1", 9)),
                Event("network-bind", syscall: "bind", local: new NetworkEndpoint("udp", "*", 5353)),
                Event("network-outbound", syscall: "connect", remote: new NetworkEndpoint("udp", "127.0.0.53", 53)),
            ],
            _trace.Feed(
                "5613  socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP) = 3<socket:[36771]>",
                "5613  bind(3<socket:[36771]>, {sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0",
                "5613  listen(3<socket:[36771]>, 128)    = 0",
                "5613  socket(AF_INET, SOCK_DGRAM|SOCK_CLOEXEC, IPPROTO_IP) = 6<socket:[36774]>",
                "5613  sendto(6<socket:[36774]>, \"x\", 1, 0, {sa_family=AF_INET, sin_port=htons(9), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 1",
                "5613  sendto(6<socket:[36774]>, \"x\", 1, 0, NULL, 0) = 1",
                "5613  bind(6<socket:[36774]>, {sa_family=AF_INET, sin_port=htons(5353), sin_addr=inet_addr(\"0.0.0.0\")}, 16) = 0",
                "5613  connect(6<socket:[36774]>, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr(\"127.0.0.53\")}, 16) = 0"));
    }

    [Fact]
    public void Udp_sendto_unix_paths_and_abstract_names()
    {
        Assert.Equal(
            [
                Event("network-outbound", syscall: "sendto", remote: new NetworkEndpoint("udp", "127.0.0.1", 9999)),
                Event("network-bind", "/tmp/demo/sock", "bind", fileType: "socket"),
                Event("file-write-create", "/tmp/demo/sock", "bind", fileType: "socket"),
                Event("network-bind", syscall: "bind", name: "@abstract-name", fileType: "socket"),
                Event("network-outbound", "/var/run/nscd/socket", "connect", result: "error:ENOENT", fileType: "socket"),
            ],
            _trace.Feed(
                "5613  sendto(6<UDP:[11720]>, \"hi\", 2, 0, {sa_family=AF_INET, sin_port=htons(9999), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 2",
                "5613  bind(4<UNIX-STREAM:[11718]>, {sa_family=AF_UNIX, sun_path=\"/tmp/demo/sock\"}, 15) = 0",
                "5613  bind(5<UNIX:[11719]>, {sa_family=AF_UNIX, sun_path=@\"abstract-name\"}, 16) = 0",
                "5613  connect(3<UNIX-STREAM:[12461]>, {sa_family=AF_UNIX, sun_path=\"/var/run/nscd/socket\"}, 110) = -1 ENOENT (No such file or directory)",
                "5613  socketpair(AF_UNIX, SOCK_STREAM, 0, [3<UNIX-STREAM:[12463->12464]>, 4<UNIX-STREAM:[12464->12463]>]) = 0"));
    }

    [Fact]
    public void Sendmsg_to_an_address_is_outbound()
    {
        Assert.Equal(
            [Event("network-outbound", syscall: "sendmsg", remote: new NetworkEndpoint("udp", "1.1.1.1", 53))],
            _trace.Feed(
                "5613  sendmsg(5<socket:[1]>, {msg_name={sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr(\"1.1.1.1\")}, msg_namelen=16, msg_iov=[{iov_base=\"x\", iov_len=1}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 1",
                "5613  sendmsg(5<socket:[1]>, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"x\", iov_len=1}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 1"));
    }

    private static AccessEvent Event(
        string operation,
        string? path = null,
        string syscall = "openat",
        string result = "ok",
        string? requested = null,
        string? fileType = null,
        string? name = null,
        NetworkEndpoint? local = null,
        NetworkEndpoint? remote = null,
        string? target = null,
        int? signal = null)
    {
        Assert.True(AccessResult.TryParse(result, out var parsed));
        return new AccessEvent
        {
            Operation = operation,
            Path = path,
            RequestedPath = requested,
            FileType = fileType,
            Name = name,
            Local = local,
            Remote = remote,
            Target = target,
            Signal = signal,
            Pid = Pid,
            Process = "fam",
            Executable = "/tmp/demo/fam",
            Result = parsed,
            Syscall = syscall,
        };
    }
}
