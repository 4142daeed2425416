using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Sandboxer.Platforms.Processes.Native;

namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>
/// The named pipe strace writes its trace into (<c>-o FIFO</c>), streamed as it is written so that nothing of the
/// trace is kept on disk or in memory. The tool holds a write end of its own until the run is over: opening never
/// blocks, strace's open succeeds at once, and the reader sees end of file only after <see cref="ReleaseWriter"/>
/// and strace's exit, even when strace never started.
/// </summary>
internal sealed unsafe class TraceFifo : IDisposable
{
    private readonly int _writer;
    private bool _released;

    private TraceFifo(string path, SafeFileHandle reader, int writer)
    {
        Path = path;
        Reader = reader;
        _writer = writer;
    }

    public string Path { get; }

    /// <summary>The read end (blocking reads, close-on-exec).</summary>
    public SafeFileHandle Reader { get; }

    /// <summary>Creates the FIFO (mode 0600) at <paramref name="path"/> and opens both ends.</summary>
    public static TraceFifo Create(string path)
    {
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* name = bytes)
        {
            if (LibC.mkfifo(name, 0x180) != 0)
            {
                throw new IOException($"cannot create the trace pipe {path}: {LibC.ErrorText(Marshal.GetLastPInvokeError())}");
            }

            var reader = LibC.open(name, LibC.O_RDONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC, 0);
            if (reader < 0)
            {
                throw new IOException($"cannot open the trace pipe {path}: {LibC.ErrorText(Marshal.GetLastPInvokeError())}");
            }

            var writer = LibC.open(name, LibC.O_WRONLY | LibC.O_CLOEXEC, 0);
            if (writer < 0 || LibC.fcntl(reader, LibC.F_SETFL, LibC.fcntl(reader, LibC.F_GETFL, 0) & ~LibC.O_NONBLOCK) != 0)
            {
                var error = Marshal.GetLastPInvokeError();
                LibC.close(reader);
                throw new IOException($"cannot open the trace pipe {path}: {LibC.ErrorText(error)}");
            }

            return new TraceFifo(path, new SafeFileHandle(reader, ownsHandle: true), writer);
        }
    }

    /// <summary>A stream over the read end; reads block until strace writes or every writer is gone.</summary>
    public Stream OpenStream() => new FileStream(Reader, FileAccess.Read, bufferSize: 0);

    /// <summary>Closes the tool's own write end, so the reader ends once strace has closed its end too.</summary>
    public void ReleaseWriter()
    {
        if (!_released)
        {
            _released = true;
            LibC.close(_writer);
        }
    }

    public void Dispose()
    {
        ReleaseWriter();
        Reader.Dispose();
    }
}
