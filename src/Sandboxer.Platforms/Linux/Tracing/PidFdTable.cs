namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>
/// Which process a pidfd stands for, per (process, fd), learned from <c>pidfd_open</c> and <c>clone3</c> with
/// <c>CLONE_PIDFD</c> (strace 6.1 decorates a pidfd only as <c>anon_inode:[pidfd]</c>). Closes are not traced, so
/// a reused fd number keeps its old meaning until the next pidfd lands on it. Bounded: cleared at capacity.
/// </summary>
internal sealed class PidFdTable
{
    private const int Capacity = 4096;

    private readonly Dictionary<(int Process, int Fd), int> _targets = [];

    public void Opened(int process, int fd, int target)
    {
        if (_targets.Count >= Capacity)
        {
            _targets.Clear();
        }

        _targets[(process, fd)] = target;
    }

    public int? Find(int process, int fd) => _targets.TryGetValue((process, fd), out var target) ? target : null;
}
