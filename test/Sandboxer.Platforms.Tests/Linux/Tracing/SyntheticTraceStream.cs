using System.Text;

namespace Sandboxer.Platforms.Tests.Linux.Tracing;

/// <summary>
/// An endless-looking strace log generated on the fly (never held in memory): a root process forks a child per
/// cycle, the child execs cat, reads one of <see cref="DistinctFiles"/> files, blocks in wait4 while its parent
/// probes a missing file, and exits. Pids wrap like the kernel's.
/// </summary>
internal sealed class SyntheticTraceStream(long cycles) : Stream
{
    public const int DistinctFiles = 50;
    public const int LinesPerCycle = 9;
    private const int RootPid = 100;

    private readonly byte[] _pending = new byte[4096];
    private int _pendingOffset;
    private int _pendingLength;
    private long _cycle;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_pendingOffset == _pendingLength)
        {
            if (_cycle == cycles)
            {
                return 0;
            }

            Generate(_cycle++);
        }

        var copied = Math.Min(count, _pendingLength - _pendingOffset);
        Array.Copy(_pending, _pendingOffset, buffer, offset, copied);
        _pendingOffset += copied;
        return copied;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private void Generate(long cycle)
    {
        var child = 1000 + (int)(cycle % 30000);
        var file = cycle % DistinctFiles;
        var text = cycle == 0 ? $"{RootPid}  execve(\"/usr/bin/sh\", [\"sh\"], 0x7ffc /* 1 var */) = 0\n" : string.Empty;
        text +=
            $"{RootPid}  clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f2dc7f92a10) = {child}\n"
            + $"{child} execve(\"/usr/bin/cat\", [\"cat\", \"/etc/f{file}\"], 0x7ffc /* 1 var */) = 0\n"
            + $"{child} openat(AT_FDCWD</tmp/w>, \"/etc/f{file}\", O_RDONLY) = 3</etc/f{file}>\n"
            + $"{child} mmap(NULL, 139264, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7fc3abff8000\n"
            + $"{child} wait4(-1,  <unfinished ...>\n"
            + $"{RootPid}  newfstatat(AT_FDCWD</tmp/w>, \"missing\", 0x7ffed6812440, 0) = -1 ENOENT (No such file or directory)\n"
            + $"{child} <... wait4 resumed>0x7ffed68123cc, WNOHANG, NULL) = -1 ECHILD (No child processes)\n"
            + $"{child} exit_group(0)                     = ?\n"
            + $"{child} +++ exited with 0 +++\n";
        _pendingLength = Encoding.ASCII.GetBytes(text, _pending);
        _pendingOffset = 0;
    }
}
