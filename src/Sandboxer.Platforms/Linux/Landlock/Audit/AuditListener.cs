using System.Buffers.Binary;
using System.Text;
using Sandboxer.Platforms.Linux.Landlock.Native;

namespace Sandboxer.Platforms.Linux.Landlock.Audit;

/// <summary>
/// Registers this process as the kernel's audit daemon (<c>AUDIT_SET</c> enabled + pid, needs root) and hands every
/// record it receives to the current subscribers. There can be only one audit daemon per system, so the listener is a
/// process-wide, reference-counted singleton: concurrent runs share it, and the previous audit state is restored when
/// the last lease ends. When another daemon holds the socket (<c>EEXIST</c>) or we are not root, <see cref="TryAcquire"/>
/// says why and the caller falls back to other denial sources.
/// </summary>
internal sealed class AuditListener
{
    private static readonly Lock SingletonLock = new();
    private static AuditListener? _instance;
    private static int _leases;

    private readonly int _fd;
    private readonly uint _previousEnabled;
    private readonly Lock _subscribersLock = new();
    private readonly List<Action<AuditRecord>> _subscribers = [];
    private readonly Thread _reader;
    private volatile bool _stopping;

    private AuditListener(int fd, uint previousEnabled)
    {
        _fd = fd;
        _previousEnabled = previousEnabled;
        _reader = new Thread(ReadLoop, 256 * 1024) { IsBackground = true, Name = "sbx-audit" };
        _reader.Start();
    }

    /// <summary>
    /// Acquires the shared listener, or returns <see langword="null"/> with the reason it cannot run. When another
    /// process is the audit daemon (another sandboxer run), waits up to <paramref name="wait"/> for it to finish.
    /// </summary>
    public static Lease? TryAcquire(out string? unavailableReason, TimeSpan wait)
    {
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            var lease = TryAcquire(out unavailableReason);
            if (lease is not null || _lastFailureWasBusy is false || DateTime.UtcNow >= deadline)
            {
                return lease;
            }

            Thread.Sleep(100);
        }
    }

    private static bool _lastFailureWasBusy;

    /// <summary>Acquires the shared listener, or returns <see langword="null"/> with the reason it cannot run.</summary>
    public static Lease? TryAcquire(out string? unavailableReason)
    {
        lock (SingletonLock)
        {
            if (_instance is null)
            {
                var started = TryStart(out unavailableReason);
                if (started is null)
                {
                    return null;
                }

                _instance = started;
            }

            _leases++;
            unavailableReason = null;
            return new Lease(_instance);
        }
    }

    private static AuditListener? TryStart(out string? reason)
    {
        if (!OperatingSystem.IsLinux())
        {
            reason = "audit records are a Linux facility";
            return null;
        }

        var fd = AuditNetlink.Open(out var errno);
        if (fd < 0)
        {
            reason = "cannot open the audit netlink socket: " + ErrnoNames.Name(errno);
            return null;
        }

        var status = QueryStatus(fd);
        var self = (uint)AuditNetlink.GetPid();
        _lastFailureWasBusy = false;
        if (status is { Pid: var holder } && holder != 0 && holder != self && Directory.Exists("/proc/" + holder))
        {
            FileDescriptors.Close(fd);
            _lastFailureWasBusy = true;
            reason = $"another audit daemon (pid {holder}) already receives the audit records";
            return null;
        }

        errno = SetStatus(fd, enabled: 1, pid: self);
        if (errno != 0)
        {
            _lastFailureWasBusy = errno == ErrnoNames.EEXIST;
            FileDescriptors.Close(fd);
            reason = errno switch
            {
                ErrnoNames.EEXIST => "another audit daemon already receives the audit records",
                ErrnoNames.EPERM => "registering as the audit daemon needs root (CAP_AUDIT_CONTROL)",
                _ => "AUDIT_SET failed with " + ErrnoNames.Name(errno),
            };
            return null;
        }

        reason = null;
        return new AuditListener(fd, status?.Enabled ?? 0);
    }

    /// <summary>
    /// Waits until every record the kernel queued before this call has been handed to the subscribers: a user message
    /// with a unique token is logged through the same queue, and its arrival marks the point. False on timeout.
    /// </summary>
    private async Task<bool> FlushAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var token = "sandboxer-flush-" + Guid.NewGuid().ToString("N");
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Watch(AuditRecord record)
        {
            if (record.Text.Contains(token, StringComparison.Ordinal))
            {
                arrived.TrySetResult();
            }
        }

        Subscribe(Watch);
        try
        {
            if (AuditNetlink.Send(_fd, AuditNetlink.TrustedApp, Encoding.UTF8.GetBytes(token + "\0"), 3) != 0)
            {
                return false;
            }

            await arrived.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        finally
        {
            Unsubscribe(Watch);
        }
    }

    private void Subscribe(Action<AuditRecord> subscriber)
    {
        lock (_subscribersLock)
        {
            _subscribers.Add(subscriber);
        }
    }

    private void Unsubscribe(Action<AuditRecord> subscriber)
    {
        lock (_subscribersLock)
        {
            _subscribers.Remove(subscriber);
        }
    }

    private static void Release()
    {
        lock (SingletonLock)
        {
            if (--_leases > 0 || _instance is null)
            {
                return;
            }

            var instance = _instance;
            _instance = null;
            instance.Stop();
        }
    }

    private void Stop()
    {
        _stopping = true;
        _reader.Join();
        _ = SetStatus(_fd, _previousEnabled, 0);
        FileDescriptors.Close(_fd);
    }

    private void ReadLoop()
    {
        var buffer = new byte[16 * 1024];
        while (!_stopping)
        {
            var length = AuditNetlink.Receive(_fd, buffer, out _);
            if (length < 0)
            {
                return;
            }

            if (length == 0)
            {
                continue;
            }

            var datagram = buffer.AsSpan(0, length);
            var type = AuditNetlink.MessageType(datagram);
            if (type < 1100)
            {
                continue;
            }

            var payload = AuditNetlink.Payload(datagram);
            var end = payload.IndexOf((byte)0);
            var text = Encoding.UTF8.GetString(end < 0 ? payload : payload[..end]);
            if (AuditRecord.Parse(type, text) is not { } record)
            {
                continue;
            }

            Action<AuditRecord>[] subscribers;
            lock (_subscribersLock)
            {
                subscribers = [.. _subscribers];
            }

            foreach (var subscriber in subscribers)
            {
                subscriber(record);
            }
        }
    }

    private static (uint Enabled, uint Pid)? QueryStatus(int fd)
    {
        if (AuditNetlink.Send(fd, AuditNetlink.AuditGet, [], 1) != 0)
        {
            return null;
        }

        var buffer = new byte[8192];
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var length = AuditNetlink.Receive(fd, buffer, out _);
            if (length <= 0)
            {
                continue;
            }

            var datagram = buffer.AsSpan(0, length);
            if (AuditNetlink.MessageType(datagram) == AuditNetlink.AuditGet)
            {
                var payload = AuditNetlink.Payload(datagram);
                return (BinaryPrimitives.ReadUInt32LittleEndian(payload[4..]), BinaryPrimitives.ReadUInt32LittleEndian(payload[12..]));
            }
        }

        return null;
    }

    private static int SetStatus(int fd, uint enabled, uint pid)
    {
        Span<byte> status = stackalloc byte[44];
        status.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(status, AuditNetlink.StatusEnabled | AuditNetlink.StatusPid);
        BinaryPrimitives.WriteUInt32LittleEndian(status[4..], enabled);
        BinaryPrimitives.WriteUInt32LittleEndian(status[12..], pid);
        var errno = AuditNetlink.Send(fd, AuditNetlink.AuditSet, status, 2);
        if (errno != 0)
        {
            return errno;
        }

        var buffer = new byte[8192];
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var length = AuditNetlink.Receive(fd, buffer, out _);
            if (length <= 0)
            {
                continue;
            }

            var datagram = buffer.AsSpan(0, length);
            if (AuditNetlink.MessageType(datagram) == AuditNetlink.NlmsgError && AuditNetlink.MessageSequence(datagram) == 2)
            {
                return AuditNetlink.AckErrno(datagram);
            }
        }

        return ErrnoNames.EAGAIN;
    }

    /// <summary>A share of the listener; records reach <see cref="Subscribe"/>rs until the lease is disposed.</summary>
    internal sealed class Lease : IDisposable
    {
        private readonly AuditListener _listener;
        private readonly List<Action<AuditRecord>> _mine = [];
        private bool _disposed;

        internal Lease(AuditListener listener) => _listener = listener;

        /// <summary>Waits until the records the kernel queued so far have been delivered (see <see cref="AuditListener.FlushAsync"/>).</summary>
        public Task<bool> FlushAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => _listener.FlushAsync(timeout, cancellationToken);

        public void Subscribe(Action<AuditRecord> subscriber)
        {
            ArgumentNullException.ThrowIfNull(subscriber);
            _mine.Add(subscriber);
            _listener.Subscribe(subscriber);
        }

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var subscriber in _mine)
            {
                _listener.Unsubscribe(subscriber);
            }

            Release();
        }
    }
}
