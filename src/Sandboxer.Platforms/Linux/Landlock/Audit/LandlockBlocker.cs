namespace Sandboxer.Platforms.Linux.Landlock.Audit;

/// <summary>
/// Maps a Landlock audit <c>blockers=</c> entry (<c>fs.read_file</c>, <c>net.connect_tcp</c>, <c>scope.signal</c>, …)
/// to the Seatbelt operation it stands for, and says whether the record's path is the object itself or its parent
/// directory (create, remove and refer rights are checked on the directory).
/// </summary>
internal static class LandlockBlocker
{
    public static (string Operation, bool PathIsParent)? ToOperation(string blocker) => blocker switch
    {
        "fs.read_file" or "fs.read_dir" => ("file-read-data", false),
        "fs.write_file" or "fs.truncate" => ("file-write-data", false),
        "fs.execute" => ("process-exec", false),
        "fs.ioctl_dev" => ("file-ioctl", false),
        "fs.make_reg" or "fs.make_dir" or "fs.make_sym" or "fs.make_fifo" or "fs.make_sock" or "fs.make_char" or "fs.make_block" or "fs.refer"
            => ("file-write-create", true),
        "fs.remove_file" or "fs.remove_dir" => ("file-write-unlink", true),
        "net.connect_tcp" => ("network-outbound", false),
        "net.bind_tcp" => ("network-bind", false),
        "scope.signal" => ("signal", false),
        "scope.abstract_unix_socket" => ("network-outbound", false),
        _ => null,
    };

    /// <summary>x86_64 names of the system calls a denial can come from.</summary>
    public static string? SyscallName(string? number) => number switch
    {
        "0" => "read",
        "1" => "write",
        "2" => "open",
        "16" => "ioctl",
        "42" => "connect",
        "49" => "bind",
        "59" => "execve",
        "62" => "kill",
        "76" => "truncate",
        "77" => "ftruncate",
        "82" => "rename",
        "83" => "mkdir",
        "84" => "rmdir",
        "85" => "creat",
        "86" => "link",
        "87" => "unlink",
        "88" => "symlink",
        "133" => "mknod",
        "200" => "tkill",
        "234" => "tgkill",
        "257" => "openat",
        "258" => "mkdirat",
        "259" => "mknodat",
        "263" => "unlinkat",
        "264" => "renameat",
        "265" => "linkat",
        "266" => "symlinkat",
        "316" => "renameat2",
        "322" => "execveat",
        "424" => "pidfd_send_signal",
        "437" => "openat2",
        _ => null,
    };
}
