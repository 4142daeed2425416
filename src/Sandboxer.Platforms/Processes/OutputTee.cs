using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Sandboxer.Platforms.Processes.Native;

namespace Sandboxer.Platforms.Processes;

/// <summary>
/// Copies what the target writes into a pipe on to the tool's own stdout (the user still sees it) while keeping a
/// bounded copy and a digest of everything, for <c>--expect-output</c> comparisons.
/// </summary>
internal sealed unsafe class OutputTee : IDisposable
{
    private const int BufferSize = 64 * 1024;

    private readonly int _readFd;
    private readonly int _destinationFd;
    private readonly int _limit;
    private readonly Thread _thread;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly MemoryStream _captured = new();
    private long _length;
    private volatile bool _stop;
    private bool _disposed;

    private OutputTee(int readFd, int destinationFd, int limit)
    {
        _readFd = readFd;
        _destinationFd = destinationFd;
        _limit = limit;
        _thread = new Thread(Pump) { IsBackground = true, Name = "sandboxer stdout tee" };
    }

    /// <summary>The pipe's write end, to become the target's stdout (close it in the tool after spawning).</summary>
    public int WriteFd { get; private init; }

    public static OutputTee Create(int destinationFd, int limit)
    {
        var fds = stackalloc int[2];
        if (LibC.pipe2(fds, LibC.O_CLOEXEC) != 0)
        {
            throw new TargetStartException("cannot create the output pipe: " + LibC.ErrorText(Marshal.GetLastPInvokeError()));
        }

        var tee = new OutputTee(fds[0], destinationFd, limit) { WriteFd = fds[1] };
        tee._thread.Start();
        return tee;
    }

    /// <summary>Waits for end of file (every writer gone), at most <paramref name="wait"/>, and returns the capture.</summary>
    public CapturedOutput Finish(TimeSpan wait)
    {
        if (!_thread.Join(wait))
        {
            _stop = true;
            _thread.Join();
        }

        return new CapturedOutput(_captured.ToArray(), _length, Convert.ToHexStringLower(_hash.GetHashAndReset()));
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stop = true;
        _thread.Join();
        LibC.close(_readFd);
        _hash.Dispose();
        _captured.Dispose();
    }

    private void Pump()
    {
        var buffer = new byte[BufferSize];
        var destinationOpen = true;
        var poll = new LibC.PollFd { Fd = _readFd, Events = LibC.POLLIN };
        fixed (byte* data = buffer)
        {
            while (!_stop)
            {
                var ready = LibC.poll(&poll, 1, 100);
                if (ready == 0 || (ready < 0 && Marshal.GetLastPInvokeError() == LibC.EINTR))
                {
                    continue;
                }

                var count = (int)LibC.read(_readFd, data, BufferSize);
                if (count < 0 && Marshal.GetLastPInvokeError() == LibC.EINTR)
                {
                    continue;
                }

                if (count <= 0)
                {
                    return;
                }

                _length += count;
                _hash.AppendData(buffer, 0, count);
                var keep = (int)Math.Min(count, Math.Max(0, _limit - _captured.Length));
                _captured.Write(buffer, 0, keep);
                destinationOpen = destinationOpen && WriteAll(data, count);
            }
        }
    }

    private bool WriteAll(byte* data, int count)
    {
        var offset = 0;
        while (offset < count)
        {
            var written = (int)LibC.write(_destinationFd, data + offset, (nuint)(count - offset));
            if (written < 0)
            {
                if (Marshal.GetLastPInvokeError() == LibC.EINTR)
                {
                    continue;
                }

                return false;
            }

            offset += written;
        }

        return true;
    }
}
