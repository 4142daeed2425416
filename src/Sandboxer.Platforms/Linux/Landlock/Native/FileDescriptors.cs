using System.Runtime.InteropServices;

namespace Sandboxer.Platforms.Linux.Landlock.Native;

/// <summary>The few libc file calls the ruleset builder needs: <c>open(O_PATH)</c> of a rule's path and <c>close</c>.</summary>
internal static unsafe partial class FileDescriptors
{
    public const int OPath = 0x200000;
    public const int OCloexec = 0x80000;
    public const int ONofollow = 0x20000;
    public const int ODirectory = 0x10000;

    /// <summary>Opens <paramref name="path"/> (raw bytes, no terminator needed) with the given flags; -1 and errno on failure.</summary>
    public static int Open(ReadOnlySpan<byte> path, int flags, out int errno)
    {
        var terminated = new byte[path.Length + 1];
        path.CopyTo(terminated);
        fixed (byte* pointer = terminated)
        {
            var fd = OpenNative(pointer, flags, 0);
            errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
            return fd;
        }
    }

    public static void Close(int fd)
    {
        if (fd >= 0)
        {
            _ = CloseNative(fd);
        }
    }

    /// <summary>The <c>S_IFMT</c> bits of an open descriptor (<c>statx(fd, "", AT_EMPTY_PATH)</c>), or -1 with errno.</summary>
    public static int GetFileType(int fd, out int errno)
    {
        const int AtEmptyPath = 0x1000;
        const uint StatxType = 0x1;
        var buffer = stackalloc byte[256];
        var empty = stackalloc byte[1];
        empty[0] = 0;
        if (Statx(fd, empty, AtEmptyPath, StatxType, buffer) != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return -1;
        }

        errno = 0;
        return *(ushort*)(buffer + 28) & FileTypeMask;
    }

    /// <summary>The <c>S_IFMT</c> bits of <paramref name="path"/> itself (symlinks not followed), or -1 when it cannot be examined.</summary>
    public static int GetPathType(string path)
    {
        const int AtFdCwd = -100;
        const int AtSymlinkNoFollow = 0x100;
        const uint StatxType = 0x1;
        var bytes = Sandboxer.Events.PathBytes.Encode(path);
        var terminated = new byte[bytes.Length + 1];
        bytes.CopyTo(terminated, 0);
        var buffer = stackalloc byte[256];
        fixed (byte* pointer = terminated)
        {
            return Statx(AtFdCwd, pointer, AtSymlinkNoFollow, StatxType, buffer) != 0 ? -1 : *(ushort*)(buffer + 28) & FileTypeMask;
        }
    }

    /// <summary><c>realpath(3)</c>: the absolute path with every symlink, <c>.</c> and <c>..</c> resolved; null if it does not exist.</summary>
    public static string? RealPath(string path)
    {
        var bytes = Sandboxer.Events.PathBytes.Encode(path);
        var terminated = new byte[bytes.Length + 1];
        bytes.CopyTo(terminated, 0);
        fixed (byte* pointer = terminated)
        {
            var resolved = RealPathNative(pointer, null);
            if (resolved == null)
            {
                return null;
            }

            try
            {
                return Sandboxer.Events.PathBytes.Decode(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(resolved));
            }
            finally
            {
                Free(resolved);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "realpath", SetLastError = true)]
    private static partial byte* RealPathNative(byte* path, byte* resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(byte* pointer);

    public const int FileTypeMask = 0xF000;
    public const int TypeDirectory = 0x4000;
    public const int TypeRegular = 0x8000;
    public const int TypeSymlink = 0xA000;
    public const int TypeCharDevice = 0x2000;
    public const int TypeBlockDevice = 0x6000;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static partial int Statx(int dirFd, byte* path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    private static partial int OpenNative(byte* path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int CloseNative(int fd);
}
