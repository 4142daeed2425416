namespace Sandboxer.Platforms.Linux.Tracing;

/// <summary>The clone flags that decide what a new task shares with its creator.</summary>
[Flags]
internal enum CloneFlags
{
    None = 0,

    /// <summary><c>CLONE_THREAD</c>: a thread of the same process, not a new process.</summary>
    Thread = 1,

    /// <summary><c>CLONE_FS</c>: shares the working directory (and root, umask).</summary>
    FileSystem = 2,

    /// <summary><c>CLONE_PARENT</c>: a sibling of its creator (same parent).</summary>
    Parent = 4,
}
