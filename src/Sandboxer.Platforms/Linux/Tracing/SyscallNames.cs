using System.Collections.Frozen;
using System.Text;

namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>Name → <see cref="Syscall"/>, looked up straight from the bytes of a trace line.</summary>
internal static class SyscallNames
{
    private static readonly Dictionary<string, Syscall> Table = new(StringComparer.Ordinal)
    {
        ["open"] = Syscall.Open,
        ["openat"] = Syscall.OpenAt,
        ["openat2"] = Syscall.OpenAt2,
        ["creat"] = Syscall.Creat,
        ["stat"] = Syscall.Stat,
        ["stat64"] = Syscall.Stat,
        ["lstat"] = Syscall.LStat,
        ["lstat64"] = Syscall.LStat,
        ["newfstatat"] = Syscall.NewFStatAt,
        ["fstatat64"] = Syscall.NewFStatAt,
        ["statx"] = Syscall.StatX,
        ["access"] = Syscall.Access,
        ["faccessat"] = Syscall.FAccessAt,
        ["faccessat2"] = Syscall.FAccessAt2,
        ["readlink"] = Syscall.ReadLink,
        ["readlinkat"] = Syscall.ReadLinkAt,
        ["statfs"] = Syscall.StatFs,
        ["statfs64"] = Syscall.StatFs,
        ["chdir"] = Syscall.Chdir,
        ["fchdir"] = Syscall.FChdir,
        ["chroot"] = Syscall.Chroot,
        ["name_to_handle_at"] = Syscall.NameToHandleAt,
        ["inotify_add_watch"] = Syscall.InotifyAddWatch,
        ["getxattr"] = Syscall.GetXattr,
        ["lgetxattr"] = Syscall.LGetXattr,
        ["fgetxattr"] = Syscall.FGetXattr,
        ["listxattr"] = Syscall.ListXattr,
        ["llistxattr"] = Syscall.LListXattr,
        ["flistxattr"] = Syscall.FListXattr,
        ["getdents"] = Syscall.GetDents,
        ["getdents64"] = Syscall.GetDents64,
        ["mkdir"] = Syscall.Mkdir,
        ["mkdirat"] = Syscall.MkdirAt,
        ["mknod"] = Syscall.Mknod,
        ["mknodat"] = Syscall.MknodAt,
        ["rmdir"] = Syscall.Rmdir,
        ["unlink"] = Syscall.Unlink,
        ["unlinkat"] = Syscall.UnlinkAt,
        ["rename"] = Syscall.Rename,
        ["renameat"] = Syscall.RenameAt,
        ["renameat2"] = Syscall.RenameAt2,
        ["link"] = Syscall.Link,
        ["linkat"] = Syscall.LinkAt,
        ["symlink"] = Syscall.Symlink,
        ["symlinkat"] = Syscall.SymlinkAt,
        ["chmod"] = Syscall.Chmod,
        ["fchmod"] = Syscall.FChmod,
        ["fchmodat"] = Syscall.FChmodAt,
        ["fchmodat2"] = Syscall.FChmodAt2,
        ["chown"] = Syscall.Chown,
        ["lchown"] = Syscall.LChown,
        ["fchown"] = Syscall.FChown,
        ["fchownat"] = Syscall.FChownAt,
        ["utime"] = Syscall.Utime,
        ["utimes"] = Syscall.Utimes,
        ["utimensat"] = Syscall.UtimensAt,
        ["utimensat_time64"] = Syscall.UtimensAt,
        ["futimesat"] = Syscall.FutimesAt,
        ["truncate"] = Syscall.Truncate,
        ["truncate64"] = Syscall.Truncate,
        ["ftruncate"] = Syscall.FTruncate,
        ["ftruncate64"] = Syscall.FTruncate,
        ["fallocate"] = Syscall.FAllocate,
        ["setxattr"] = Syscall.SetXattr,
        ["lsetxattr"] = Syscall.LSetXattr,
        ["fsetxattr"] = Syscall.FSetXattr,
        ["removexattr"] = Syscall.RemoveXattr,
        ["lremovexattr"] = Syscall.LRemoveXattr,
        ["fremovexattr"] = Syscall.FRemoveXattr,
        ["ioctl"] = Syscall.Ioctl,
        ["mmap"] = Syscall.Mmap,
        ["mmap2"] = Syscall.Mmap,
        ["fork"] = Syscall.Fork,
        ["vfork"] = Syscall.VFork,
        ["clone"] = Syscall.Clone,
        ["clone3"] = Syscall.Clone3,
        ["execve"] = Syscall.Execve,
        ["execveat"] = Syscall.ExecveAt,
        ["kill"] = Syscall.Kill,
        ["tkill"] = Syscall.TKill,
        ["tgkill"] = Syscall.TgKill,
        ["rt_sigqueueinfo"] = Syscall.RtSigQueueInfo,
        ["rt_tgsigqueueinfo"] = Syscall.RtTgSigQueueInfo,
        ["pidfd_send_signal"] = Syscall.PidFdSendSignal,
        ["pidfd_open"] = Syscall.PidFdOpen,
        ["socket"] = Syscall.Socket,
        ["bind"] = Syscall.Bind,
        ["listen"] = Syscall.Listen,
        ["connect"] = Syscall.Connect,
        ["accept"] = Syscall.Accept,
        ["accept4"] = Syscall.Accept4,
        ["sendto"] = Syscall.SendTo,
        ["sendmsg"] = Syscall.SendMsg,
        ["sendmmsg"] = Syscall.SendMmsg,
    };

    private static readonly FrozenDictionary<string, KnownSyscall> ByName =
        Table.ToFrozenDictionary(pair => pair.Key, pair => new KnownSyscall(pair.Value, pair.Key), StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, KnownSyscall>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        ByName.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The syscall a name stands for, with the name as a shared string; <see cref="Syscall.Unmapped"/> otherwise.</summary>
    public static KnownSyscall Find(ReadOnlySpan<byte> name)
    {
        if (name.Length is 0 or > 32)
        {
            return default;
        }

        Span<char> chars = stackalloc char[name.Length];
        var count = Encoding.ASCII.GetChars(name, chars);
        return Lookup.TryGetValue(chars[..count], out var known) ? known : default;
    }
}
