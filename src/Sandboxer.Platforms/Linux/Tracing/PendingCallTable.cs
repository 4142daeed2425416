namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>
/// Joins calls that strace split into <c>&lt;unfinished ...&gt;</c> and <c>&lt;... resumed&gt;</c> halves, per pid.
/// A pid has at most one call in flight; an entry lives from the unfinished half to the resumed half (or the pid's
/// death), so the table holds at most one entry per live traced thread. A resumed half without its first half, or
/// with a different name, is reported as an orphan and skipped (resynchronisation).
/// </summary>
internal sealed class PendingCallTable
{
    private readonly Dictionary<int, PendingCall> _pending = [];
    private readonly Stack<PendingCall> _free = new();

    /// <summary>Calls currently in flight.</summary>
    public int Count => _pending.Count;

    /// <summary>The largest number of calls that were in flight at once.</summary>
    public int HighWaterMark { get; private set; }

    /// <summary>Resumed halves that had no first half (or a different name).</summary>
    public long Orphans { get; private set; }

    /// <summary>Remembers the first half of a call: <c>name(partial</c>.</summary>
    public void Store(int pid, ReadOnlySpan<byte> name, ReadOnlySpan<byte> partialArguments)
    {
        if (_pending.Remove(pid, out var previous))
        {
            _free.Push(previous);
        }

        var call = _free.Count > 0 ? _free.Pop() : new PendingCall();
        call.Set(name, partialArguments);
        _pending[pid] = call;
        HighWaterMark = Math.Max(HighWaterMark, _pending.Count);
    }

    /// <summary>
    /// Rebuilds the whole call from the pending half and the resumed text: <c>name(partial</c> + <c>rest) = result</c>.
    /// The bytes live in <paramref name="scratch"/>. False (an orphan) when there is no matching first half.
    /// </summary>
    public bool TryJoin(int pid, ReadOnlySpan<byte> name, ReadOnlySpan<byte> rest, ByteScratch scratch, out ReadOnlySpan<byte> body, out bool execSucceeded)
    {
        if (!_pending.Remove(pid, out var call) || !call.Name.SequenceEqual(name))
        {
            if (call is not null)
            {
                _free.Push(call);
            }

            Orphans++;
            body = default;
            execSucceeded = false;
            return false;
        }

        var joined = scratch.Allocate(call.Length + rest.Length);
        call.Text.CopyTo(joined);
        rest.CopyTo(joined[call.Length..]);
        body = joined;
        execSucceeded = call.ExecSucceeded;
        _free.Push(call);
        return true;
    }

    /// <summary>
    /// A thread's execve succeeded and it became <paramref name="newPid"/>: the call now finishes under that pid,
    /// successfully whatever strace prints for it.
    /// </summary>
    public void MoveSucceededExec(int oldPid, int newPid, ReadOnlySpan<byte> name, ReadOnlySpan<byte> partialArguments)
    {
        if (_pending.Remove(oldPid, out var stale))
        {
            _free.Push(stale);
        }

        Store(newPid, name, partialArguments);
        _pending[newPid].ExecSucceeded = true;
    }

    /// <summary>
    /// Removes what <paramref name="pid"/> had in flight when it died; returns the call rebuilt as
    /// <c>name(partial) = ?</c> so the attempt can still be recorded, or false when nothing was in flight.
    /// </summary>
    public bool TryTakeUnfinished(int pid, ByteScratch scratch, out ReadOnlySpan<byte> body)
    {
        if (!_pending.Remove(pid, out var call))
        {
            body = default;
            return false;
        }

        var suffix = ") = ?"u8;
        var joined = scratch.Allocate(call.Length + suffix.Length);
        call.Text.CopyTo(joined);
        suffix.CopyTo(joined[call.Length..]);
        body = joined;
        _free.Push(call);
        return true;
    }

    /// <summary>Every pid that has a call in flight (for adopting children that print before their parent's clone returns).</summary>
    public IEnumerable<int> Pids => _pending.Keys;

    private sealed class PendingCall
    {
        private byte[] _buffer = new byte[256];
        private int _nameLength;

        public int Length { get; private set; }

        public bool ExecSucceeded { get; set; }

        public ReadOnlySpan<byte> Text => _buffer.AsSpan(0, Length);

        public ReadOnlySpan<byte> Name => _buffer.AsSpan(0, _nameLength);

        public void Set(ReadOnlySpan<byte> name, ReadOnlySpan<byte> partialArguments)
        {
            var length = name.Length + 1 + partialArguments.Length;
            if (_buffer.Length < length)
            {
                _buffer = new byte[Math.Max(length, _buffer.Length * 2)];
            }

            name.CopyTo(_buffer);
            _buffer[name.Length] = (byte)'(';
            partialArguments.CopyTo(_buffer.AsSpan(name.Length + 1));
            _nameLength = name.Length;
            Length = length;
            ExecSucceeded = false;
        }
    }
}
