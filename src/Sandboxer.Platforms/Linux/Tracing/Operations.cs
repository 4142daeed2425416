namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>The Seatbelt operation names the Linux tracer emits.</summary>
internal static class Operations
{
    public const string FileReadData = "file-read-data";
    public const string FileReadMetadata = "file-read-metadata";
    public const string FileReadXattr = "file-read-xattr";
    public const string FileWriteData = "file-write-data";
    public const string FileWriteCreate = "file-write-create";
    public const string FileWriteUnlink = "file-write-unlink";
    public const string FileWriteMode = "file-write-mode";
    public const string FileWriteSetugid = "file-write-setugid";
    public const string FileWriteOwner = "file-write-owner";
    public const string FileWriteTimes = "file-write-times";
    public const string FileWriteXattr = "file-write-xattr";
    public const string FileWriteFlags = "file-write-flags";
    public const string FileMapExecutable = "file-map-executable";
    public const string FileIoctl = "file-ioctl";
    public const string FileChroot = "file-chroot";
    public const string ProcessExec = "process-exec";
    public const string ProcessFork = "process-fork";
    public const string Signal = "signal";
    public const string NetworkBind = "network-bind";
    public const string NetworkInbound = "network-inbound";
    public const string NetworkOutbound = "network-outbound";
    public const string ShmReadData = "ipc-posix-shm-read-data";
    public const string ShmWriteData = "ipc-posix-shm-write-data";
    public const string ShmWriteCreate = "ipc-posix-shm-write-create";
    public const string ShmWriteUnlink = "ipc-posix-shm-write-unlink";
    public const string SysctlRead = "sysctl-read";
    public const string SysctlWrite = "sysctl-write";
}
