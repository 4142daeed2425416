namespace Sandboxer.Platforms.Linux.Landlock;

/// <summary>Landlock filesystem access rights (<c>LANDLOCK_ACCESS_FS_*</c>, include/uapi/linux/landlock.h).</summary>
[Flags]
internal enum LandlockFsAccess : ulong
{
    None = 0,
    Execute = 1UL << 0,
    WriteFile = 1UL << 1,
    ReadFile = 1UL << 2,
    ReadDir = 1UL << 3,
    RemoveDir = 1UL << 4,
    RemoveFile = 1UL << 5,
    MakeChar = 1UL << 6,
    MakeDir = 1UL << 7,
    MakeReg = 1UL << 8,
    MakeSock = 1UL << 9,
    MakeFifo = 1UL << 10,
    MakeBlock = 1UL << 11,
    MakeSym = 1UL << 12,

    /// <summary>ABI 2: link or rename into a different directory.</summary>
    Refer = 1UL << 13,

    /// <summary>ABI 3: truncate, ftruncate, <c>O_TRUNC</c>.</summary>
    Truncate = 1UL << 14,

    /// <summary>ABI 5: ioctl on device files opened after enforcement.</summary>
    IoctlDev = 1UL << 15,
}
